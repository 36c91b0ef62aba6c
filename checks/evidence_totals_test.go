package checks

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/checks/extract"
	"github.com/claimcheck/claimcheck/crawler/record"
)

// citations counts the places a finding's evidence cites: one per locator
// (TidyEvidence joins the locators of one page with LocatorSep), at least
// one per piece.
func citations(f Finding) int {
	n := 0
	for _, e := range f.Evidence {
		n += max(1, len(strings.Split(e.Locator, LocatorSep)))
	}
	return n
}

func pageEv(url, loc, quote string) record.Evidence {
	return record.Evidence{Source: record.SourceDocs, URL: url, FinalURL: url, Locator: loc, Quote: quote}
}

func TestTidyEvidence(t *testing.T) {
	t.Parallel()
	a, b, c, d, e, g := "https://d.example/a", "https://d.example/b", "https://d.example/c", "https://d.example/d", "https://d.example/e", "https://d.example/g"
	for _, tc := range []struct {
		name    string
		in      []record.Evidence
		want    []record.Evidence
		omitted int
	}{
		{"nil stays nil", nil, nil, 0},
		{"one piece untouched", []record.Evidence{pageEv(a, "h1", "X")}, []record.Evidence{pageEv(a, "h1", "X")}, 0},
		{"identical repeat dropped",
			[]record.Evidence{pageEv(a, "h1", "X"), pageEv(a, "h1", "X")},
			[]record.Evidence{pageEv(a, "h1", "X")}, 0},
		{"same page, other quote: merged into the first piece, deciding quote first",
			[]record.Evidence{pageEv(a, "row 1", "236B"), pageEv(b, "l", "y"), pageEv(a, "row 2", "16B")},
			[]record.Evidence{pageEv(a, "row 1; row 2", "236B … 16B"), pageEv(b, "l", "y")}, 0},
		{"same page, same quote, other place: locator added",
			[]record.Evidence{pageEv(a, "published", "2024"), pageEv(a, "updated", "2024")},
			[]record.Evidence{pageEv(a, "published; updated", "2024")}, 0},
		{"fragment is the same page",
			[]record.Evidence{pageEv(a+"#x", "h2", "X"), pageEv(a+"#y", "h2", "X")},
			[]record.Evidence{pageEv(a+"#x", "h2", "X")}, 0},
		{"final URL decides the page",
			[]record.Evidence{pageEv(a, "h1", "X"), {URL: "https://d.example/old", FinalURL: a, Locator: "h1", Quote: "X"}},
			[]record.Evidence{pageEv(a, "h1", "X")}, 0},
		{"cap: deciding page and three supporting, the rest counted",
			[]record.Evidence{pageEv(a, "1", "q"), pageEv(b, "1", "q"), pageEv(c, "1", "q"), pageEv(d, "1", "q"), pageEv(e, "1", "q"), pageEv(g, "1", "q")},
			[]record.Evidence{pageEv(a, "1", "q"), pageEv(b, "1", "q"), pageEv(c, "1", "q"), pageEv(d, "1", "q")}, 2},
		{"a repeat of an omitted page is not counted twice",
			[]record.Evidence{pageEv(a, "1", "q"), pageEv(b, "1", "q"), pageEv(c, "1", "q"), pageEv(d, "1", "q"), pageEv(e, "1", "q"), pageEv(e, "2", "r")},
			[]record.Evidence{pageEv(a, "1", "q"), pageEv(b, "1", "q"), pageEv(c, "1", "q"), pageEv(d, "1", "q")}, 1},
		{"a repeat of the deciding page after the cap still merges",
			[]record.Evidence{pageEv(a, "1", "q"), pageEv(b, "1", "q"), pageEv(c, "1", "q"), pageEv(d, "1", "q"), pageEv(a, "2", "r")},
			[]record.Evidence{pageEv(a, "1; 2", "q … r"), pageEv(b, "1", "q"), pageEv(c, "1", "q"), pageEv(d, "1", "q")}, 0},
		{"evidence without a URL is never merged",
			[]record.Evidence{{Locator: "x"}, {Locator: "y"}},
			[]record.Evidence{{Locator: "x"}, {Locator: "y"}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := TidyEvidence(Finding{Evidence: tc.in})
			if !reflect.DeepEqual(got.Evidence, tc.want) {
				t.Errorf("evidence:\n got %+v\nwant %+v", got.Evidence, tc.want)
			}
			if got.EvidenceOmitted != tc.omitted {
				t.Errorf("omitted = %d, want %d", got.EvidenceOmitted, tc.omitted)
			}
			seen := map[string]bool{}
			for _, e := range got.Evidence {
				if k := pageKey(e); k != "" && seen[k] {
					t.Errorf("page %s cited twice", k)
				} else {
					seen[k] = true
				}
			}
		})
	}
}

func TestKindOf(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]Kind{
		"claim.count": KindClaim, "checklist.card-context": KindChecklist, "sources.arxiv-version": KindSource,
		"sources.arxiv-venue": KindSource, "coverage.release-notes": KindCoverage, "coverage": KindCoverage,
		"gate.settings": KindGate, "gate.no-verdict": KindGate, "count": KindClaim, "": KindClaim,
		"checklists.x": KindClaim,
	} {
		if got := KindOf(id); got != want {
			t.Errorf("KindOf(%q) = %s, want %s", id, got, want)
		}
	}
	// Every check of List has a kind its id prefix says.
	for _, c := range List {
		prefix, _, _ := strings.Cut(c.ID, ".")
		if k := KindOf(c.ID); (k == KindClaim) != (prefix == "claim") {
			t.Errorf("check %s: kind %s", c.ID, k)
		}
	}
}

func TestFindingRef(t *testing.T) {
	t.Parallel()
	if got := (Finding{Entry: "m", Claim: "c"}).Ref(); got != "m/c" {
		t.Errorf("ref = %q", got)
	}
	if got := (Finding{Claim: "missing:api-model:x"}).Ref(); got != "catalog-wide: missing:api-model:x" {
		t.Errorf("catalog-level ref = %q", got)
	}
	if got := KindChecklist.Noun(1) + "/" + KindCoverage.Noun(2) + "/" + KindClaim.Noun(0); got != "checklist item/coverage findings/claims" {
		t.Errorf("nouns = %q", got)
	}
}

// TestNoteEvidenceOwnPageFirst: a release note's evidence cites its own page
// and the change log first and one sidebar mention, however many pages
// carry the sidebar and in whatever order they were read.
func TestNoteEvidenceOwnPageFirst(t *testing.T) {
	t.Parallel()
	mention := func(page string) extract.Observation {
		return extract.Observation{Subject: "docs:news/n2", Evidence: pageEv("https://docs.example/"+page, `nav a[href="/news/n2"]`, "N2 Release")}
	}
	var n noteEvidence
	for i := range 10 {
		n.add(mention(fmt.Sprintf("news/n%d", 10+i)))
	}
	n.add(extract.Observation{Subject: "docs:updates", Evidence: pageEv("https://docs.example/updates", "h2#date", "N2")})
	n.add(extract.Observation{Subject: "docs:news/n2", Evidence: pageEv("https://docs.example/base/news/n2", "h1", "N2 Release")})
	n.add(mention("news/n10")) // again
	got := n.list()
	want := []string{"https://docs.example/updates", "https://docs.example/base/news/n2", "https://docs.example/news/n10"}
	if len(got) != len(want) {
		t.Fatalf("evidence %+v, want pages %v", got, want)
	}
	for i, w := range want {
		if got[i].URL != w {
			t.Errorf("evidence %d = %s, want %s", i, got[i].URL, w)
		}
	}
	var only noteEvidence
	only.add(mention("news/n10"))
	only.add(mention("news/n11"))
	if l := only.list(); len(l) != 1 || l[0].URL != "https://docs.example/news/n10" {
		t.Errorf("mentions only: %+v, want the first", l)
	}
}

// TestJudgedEvidenceIsTidy: on the demo recording every finding the judge
// emits cites each page once and at most 1+MaxSupportingEvidence pages, and
// the deciding piece is the one the check chose.
func TestJudgedEvidenceIsTidy(t *testing.T) {
	in := demoInput(t)
	capped := 0
	for _, f := range Judge(in) {
		if len(f.Evidence) > 1+MaxSupportingEvidence {
			t.Errorf("%s: %d pieces of evidence", f.Ref(), len(f.Evidence))
		}
		seen := map[string]bool{}
		for _, e := range f.Evidence {
			if k := pageKey(e); k != "" && seen[k] {
				t.Errorf("%s: page %s cited twice", f.Ref(), k)
			} else {
				seen[k] = true
			}
		}
		if f.EvidenceOmitted > 0 {
			capped++
		}
		if f.Check == "coverage.release-notes" && len(f.Evidence) > 0 && strings.Contains(f.Evidence[0].Locator, "href=") {
			t.Errorf("%s: a sidebar link decides although the change log was read: %+v", f.Ref(), f.Evidence)
		}
	}
	t.Logf("%d findings had supporting pages left out", capped)
}
