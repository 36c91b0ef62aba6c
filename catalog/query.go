package catalog

// Entry returns the entry with the given id, or nil.
func (c *Catalog) Entry(id string) *Entry {
	for i := range c.Entries {
		if c.Entries[i].ID == id {
			return &c.Entries[i]
		}
	}
	return nil
}

// ClaimCount is the number of claims over all entries.
func (c *Catalog) ClaimCount() int {
	n := 0
	for _, e := range c.Entries {
		n += len(e.Claims)
	}
	return n
}

// Claim returns the entry's claim with the given id, or nil.
func (e *Entry) Claim(id string) *Claim {
	for i := range e.Claims {
		if e.Claims[i].ID == id {
			return &e.Claims[i]
		}
	}
	return nil
}

// Refs lists every source reference as "kind:ref" strings ("arxiv:2412.19437",
// "github:deepseek-ai/DeepSeek-V3", "huggingface:…", "docs:…", "doi:…",
// "url:…"), in that order.
func (s Sources) Refs() []string {
	var out []string
	for _, r := range s.ArXiv {
		out = append(out, "arxiv:"+r.String())
	}
	for _, r := range s.GitHub {
		out = append(out, "github:"+r.String())
	}
	for _, r := range s.HuggingFace {
		out = append(out, "huggingface:"+r.ID)
	}
	for _, r := range s.Docs {
		out = append(out, "docs:"+r.Key())
	}
	for _, r := range s.DOI {
		out = append(out, "doi:"+r.DOI)
	}
	for _, r := range s.URLs {
		out = append(out, "url:"+r.URL)
	}
	return out
}
