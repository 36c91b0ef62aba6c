package catalog

import (
	"errors"
	"net/url"
	"path"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// traversalIDs are hostile ids of every kind that becomes a URL path: each
// would leave its endpoint's path (or end it) if it were pasted into a URL.
var traversalIDs = map[string][]string{
	"doi": {
		"10.1038/../../../admin/secret",
		"10.1038/..",
		"10.1038/./x",
		"10.1038/x/../../admin",
		"10.1038/%2e%2e/%2e%2e/admin",
		"10.1038/%2E%2E",
		"10.1038/x%2fy",
		`10.1038/..\..\admin`,
		`10.1038/x\y`,
		"10.1038/x?select=admin",
		"10.1038/x#frag",
		"10.1038/x\x00y",
		"10.1038/x\ny",
		"10.1038/x\u202ey", // right-to-left override
		"10.1038//x",
		"10.1038/x/",
		"10.1038/x y",
		"10.1038/\u00e9",
	},
	"docs":        {"..", "news/../admin", "news/..", "./news", "%2e%2e/admin", `news\..\admin`, "news?x=1", "news#x", "news/\x07", "/news", "news//x"},
	"github":      {"deepseek-ai/..", "deepseek-ai/.", "../deepseek-ai", "deepseek-ai/%2e%2e", `deepseek-ai/x\y`, "deepseek-ai/x?y", "deepseek-ai/x/../../y", "deepseek-ai/x#y"},
	"huggingface": {"deepseek-ai/..", "deepseek-ai/x/../../y", "../deepseek-ai/x", "deepseek-ai/%2e%2e", `deepseek-ai/x\y`, "deepseek-ai/x?y", "deepseek-ai/a..b", "deepseek-ai/x#y"},
	"arxiv":       {"2412.19437/../../admin", "../2412.19437", "hep-ex/../0406020", "2412.19437?x", "2412.19437%2f..", `hep-ex\0406020`, "2412.19437#x"},
}

// acceptedIDs are real ids of every kind that must keep loading.
var acceptedIDs = map[string][]string{
	"doi": {"10.1038/s41586-025-09422-z", "10.48550/arXiv.2412.19437",
		"10.1002/(SICI)1097-4636(199605)30:1<47::AID-JBM6>3.0.CO;2-J", "10.1000.10/a.b/c..d/e"},
	"docs":        {"news/news1226", "quick_start/pricing", "updates", "api/v1.0_x-y"},
	"github":      {"deepseek-ai/DeepSeek-V3", "deepseek-ai/.github", "deepseek-ai/a..b"},
	"huggingface": {"deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"},
	"arxiv":       {"2412.19437", "2412.19437v2", "hep-ex/0406020", "math.GT/0309136"},
}

// catalogCiting is hdr with one source of kind; the id sits on line 12.
func catalogCiting(kind, id string) []byte {
	src := hdr + "    sources:\n      " + kind + ": [" + strconv.Quote(id) + "]\n"
	if kind == "docs" {
		// A docs slug needs a docs site (declared after the entries, so the
		// id stays on line 12).
		src = strings.Replace(src, "hosts: [github.com, openaccess.thecvf.com]", "hosts: [github.com, openaccess.thecvf.com, docs.acme.example]", 1) +
			"docs_sites: [{base: https://docs.acme.example}]\n"
	}
	return []byte(src)
}

// TestTraversalIDsRefusedAtLint: every hostile id of every kind is a lint
// error at its own line and field.
func TestTraversalIDsRefusedAtLint(t *testing.T) {
	t.Parallel()
	for kind, ids := range traversalIDs {
		for _, id := range ids {
			_, err := Parse("t.yaml", catalogCiting(kind, id))
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Errorf("%s %q: accepted (%v)", kind, id, err)
				continue
			}
			e := errs[0]
			if e.Pos.Line != 12 || e.Field != "entries[0].sources."+kind+"[0]" {
				t.Errorf("%s %q: error not at the id: %v", kind, id, err)
			}
		}
	}
}

func TestValidIDsAccepted(t *testing.T) {
	t.Parallel()
	for kind, ids := range acceptedIDs {
		for _, id := range ids {
			if _, err := Parse("t.yaml", catalogCiting(kind, id)); err != nil {
				t.Errorf("%s %q refused: %v", kind, id, err)
			}
		}
	}
}

// TestTraversalMessages: the message says what is wrong, not only "malformed".
func TestTraversalMessages(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		err  error
		want string
	}{
		{ValidateDOI("10.1038/../../../admin/secret"), `".." segment (path traversal)`},
		{ValidateDOI("10.1038/%2e%2e"), "percent-encoded"},
		{ValidateDOI(`10.1038/a\b`), "backslash"},
		{ValidateDOI("10.1038/a?b"), `'?'`},
		{ValidateDOI("10.1038/a\x1bb"), "control"},
		{ValidateDOI("10.1038//a"), "empty path segment"},
		{ValidateDOI("10.1038/" + strings.Repeat("a", MaxDOILen)), "too long"},
		{ValidateDocsSlug("a/../b"), "malformed docs slug"},
		{ValidateGitHubRepo("o/.."), "malformed GitHub repository"},
		{ValidateHFID("o/.."), "malformed Hugging Face id"},
		{ValidateArXivID("2412.19437/.."), "malformed arXiv id"},
		{ValidateOrganisation(PlatformHuggingFace, "../x"), "invalid huggingface organisation"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("error %v, want it to contain %q", c.err, c.want)
		}
	}
}

// TestCatalogURLsHTTPSOnly: an http:// URL in a catalog is a lint error at
// its line; the same URL over https loads.
func TestCatalogURLsHTTPSOnly(t *testing.T) {
	t.Parallel()
	doc := func(u string) []byte {
		return []byte(hdr + "    sources:\n      urls:\n        - " + u + "\n")
	}
	_, err := Parse("t.yaml", doc("http://openaccess.thecvf.com/content/x.html"))
	want := `t.yaml:13:11: entries[0].sources.urls[0]: URL "http://openaccess.thecvf.com/content/x.html" must use https, not http`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("http URL: %v, want %s…", err, want)
	}
	for _, u := range []string{"HTTP://openaccess.thecvf.com/x", "ws://openaccess.thecvf.com/x", "//openaccess.thecvf.com/x"} {
		if _, err := Parse("t.yaml", doc(u)); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	if _, err := Parse("t.yaml", doc("https://openaccess.thecvf.com/content/x.html")); err != nil {
		t.Fatalf("https URL refused: %v", err)
	}
}

// FuzzIDValidators: no validator panics, and whatever one accepts is safe
// to put in a URL path: non-empty segments, none of them "." or "..", no
// character a server would read as a separator, query, fragment or escape,
// every segment round-trips through url.PathEscape, and cleaning the path
// under a prefix keeps it exactly there.
func FuzzIDValidators(f *testing.F) {
	for _, ids := range traversalIDs {
		for _, id := range ids {
			f.Add(id)
		}
	}
	for _, ids := range acceptedIDs {
		for _, id := range ids {
			f.Add(id)
		}
	}
	validators := map[string]func(string) error{
		"doi": ValidateDOI, "docs": ValidateDocsSlug, "github": ValidateGitHubRepo,
		"huggingface": ValidateHFID, "arxiv": ValidateArXivID,
		"org": func(s string) error { return ValidateOrganisation(PlatformHuggingFace, s) },
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, v := range validators {
			if v(s) != nil {
				continue
			}
			if s == "" || strings.ContainsAny(s, `\%?#`) {
				t.Fatalf("%s accepted %q", name, s)
			}
			for _, r := range s {
				if unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
					t.Fatalf("%s accepted %q with %U", name, s, r)
				}
			}
			var esc []string
			for _, seg := range strings.Split(s, "/") {
				if seg == "" || seg == "." || seg == ".." {
					t.Fatalf("%s accepted %q with segment %q", name, s, seg)
				}
				e := url.PathEscape(seg)
				if d, err := url.PathUnescape(e); err != nil || d != seg {
					t.Fatalf("%s: segment %q does not round-trip (%q)", name, seg, e)
				}
				esc = append(esc, e)
			}
			p := "/prefix/works/" + strings.Join(esc, "/")
			if path.Clean(p) != p {
				t.Fatalf("%s accepted %q: %s cleans to %s", name, s, p, path.Clean(p))
			}
		}
	})
}
