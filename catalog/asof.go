package catalog

import "time"

// CheckAsOf reports an as_of later than now (compared as UTC calendar days)
// as an error at as_of's position, in the form of the loader's errors. A
// catalog cannot have been brought up to date in the future, and a future
// as_of would silence every finding about what appeared after it (reverse
// coverage reads "after as_of"). A catalog without as_of passes (the loader
// already reports it missing).
func CheckAsOf(c *Catalog, now time.Time) error {
	if c == nil || c.AsOf.Year == 0 {
		return nil
	}
	n := now.UTC()
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	if !c.AsOf.Start().After(today) {
		return nil
	}
	pos := c.AsOfPos
	if pos.File == "" {
		pos = Pos{File: c.Path}
	}
	return Errors{{Pos: pos, Field: "as_of", Msg: "is " + c.AsOf.String() + ", later than now (" +
		today.Format("2006-01-02") + "): a catalog cannot be checked as of a future date"}}
}
