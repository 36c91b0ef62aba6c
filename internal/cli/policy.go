package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/claimcheck/claimcheck/crawler"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// policyFields are the settable fields of a crawler.Policy, by their
// configuration name (the yaml tags), each with how to set it from text.
var policyFields = map[string]func(p *crawler.Policy, v string) error{
	"min_interval":      durationField(func(p *crawler.Policy) *time.Duration { return &p.MinInterval }),
	"base_backoff":      durationField(func(p *crawler.Policy) *time.Duration { return &p.BaseBackoff }),
	"max_wait":          durationField(func(p *crawler.Policy) *time.Duration { return &p.MaxWait }),
	"timeout":           durationField(func(p *crawler.Policy) *time.Duration { return &p.Timeout }),
	"parallelism":       intField(func(p *crawler.Policy) *int { return &p.Parallelism }),
	"max_retries":       intField(func(p *crawler.Policy) *int { return &p.MaxRetries }),
	"resource_timeout":  durationField(func(p *crawler.Policy) *time.Duration { return &p.ResourceTimeout }),
	"breaker_after":     intField(func(p *crawler.Policy) *int { return &p.BreakerAfter }),
	"requests_per_hour": intField(func(p *crawler.Policy) *int { return &p.RequestsPerHour }),
	"max_body_bytes": func(p *crawler.Policy, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("want a whole number of bytes ≥ 0, got %q", v)
		}
		p.MaxBodyBytes = n
		return nil
	},
}

func durationField(at func(*crawler.Policy) *time.Duration) func(*crawler.Policy, string) error {
	return func(p *crawler.Policy, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("want a duration ≥ 0 such as 3s or 250ms, got %q", v)
		}
		*at(p) = d
		return nil
	}
}

func intField(at func(*crawler.Policy) *int) func(*crawler.Policy, string) error {
	return func(p *crawler.Policy, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("want a whole number ≥ 0, got %q", v)
		}
		*at(p) = n
		return nil
	}
}

func policyFieldNames() string {
	return "min_interval, parallelism, max_retries, base_backoff, max_wait, timeout, resource_timeout, max_body_bytes, breaker_after, requests_per_hour"
}

// loadPolicies reads the --config file: a "policies" mapping of source name
// to the fields to change; every other field keeps its default. Every
// problem names the file, the line and the field.
func loadPolicies(path string) (crawler.Policies, error) {
	pol := crawler.DefaultPolicies()
	if path == "" {
		return pol, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: --config: %w", ErrInvalid, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalid, path, err)
	}
	if len(doc.Content) == 0 {
		return pol, nil
	}
	bad := func(n *yaml.Node, field, msg string, args ...any) error {
		return fmt.Errorf("%w: %s:%d:%d: %s: %s", ErrInvalid, path, n.Line, n.Column, field, fmt.Sprintf(msg, args...))
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, bad(top, "(top)", "want a mapping with the key policies")
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != "policies" {
			return nil, bad(k, k.Value, "unknown field (want policies)")
		}
		if v.Kind != yaml.MappingNode {
			return nil, bad(v, "policies", "want a mapping of source to fields")
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			sk, sv := v.Content[j], v.Content[j+1]
			src := record.Source(sk.Value)
			p, known := pol[src]
			if !known {
				return nil, bad(sk, "policies."+sk.Value, "unknown source (want one of %s)", sourceNames())
			}
			if sv.Kind != yaml.MappingNode {
				return nil, bad(sv, "policies."+sk.Value, "want a mapping of fields")
			}
			for m := 0; m+1 < len(sv.Content); m += 2 {
				fk, fv := sv.Content[m], sv.Content[m+1]
				field := "policies." + sk.Value + "." + fk.Value
				set, ok := policyFields[fk.Value]
				if !ok {
					return nil, bad(fk, field, "unknown field (want one of %s)", policyFieldNames())
				}
				if fv.Kind != yaml.ScalarNode {
					return nil, bad(fv, field, "want a single value")
				}
				if err := set(&p, fv.Value); err != nil {
					return nil, bad(fv, field, "%v", err)
				}
			}
			pol[src] = p
		}
	}
	return pol, nil
}

// applyPolicyFlags applies --policy SOURCE.FIELD=VALUE settings.
func applyPolicyFlags(pol crawler.Policies, settings []string) error {
	for _, s := range settings {
		key, val, ok := strings.Cut(s, "=")
		src, field, ok2 := strings.Cut(key, ".")
		if !ok || !ok2 {
			return fmt.Errorf("%w: --policy %q: want SOURCE.FIELD=VALUE, e.g. arxiv.min_interval=5s", ErrUsage, s)
		}
		p, known := pol[record.Source(src)]
		if !known {
			return fmt.Errorf("%w: --policy %q: unknown source %q (want one of %s)", ErrUsage, s, src, sourceNames())
		}
		set, ok := policyFields[field]
		if !ok {
			return fmt.Errorf("%w: --policy %q: unknown field %q (want one of %s)", ErrUsage, s, field, policyFieldNames())
		}
		if err := set(&p, strings.TrimSpace(val)); err != nil {
			return fmt.Errorf("%w: --policy %q: %w", ErrUsage, s, err)
		}
		pol[record.Source(src)] = p
	}
	return nil
}

func sourceNames() string {
	var names []string
	for _, s := range crawler.Sources {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}
