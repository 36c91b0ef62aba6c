package checks

import (
	"fmt"
	"runtime/debug"

	"github.com/claimcheck/claimcheck/catalog"
)

// Fault is a check that panicked. The judge recovers: the claims the check
// was judging get an unverified finding saying so, its other findings for
// that scope are lost, and the run goes on. Input.OnFault hears of each.
type Fault struct {
	Check string // id of the check
	Entry string // the entry being judged ("" for a catalog-wide check)
	Claim string // the claim being judged ("" when the check failed outside one)
	Value any    // what was passed to panic
	Stack []byte // the goroutine's stack at the panic
}

// Problem is the fault as an extractor-health problem line.
func (f Fault) Problem() string {
	where := "the catalog"
	switch {
	case f.Claim != "":
		where = f.Entry + "/" + f.Claim
	case f.Entry != "":
		where = f.Entry
	}
	return fmt.Sprintf("check %s failed on %s (internal error: %v); what it judges there is unverified", f.Check, where, f.Value)
}

func (ctx *Context) fault(f Fault) {
	if ctx.in.OnFault != nil {
		ctx.in.OnFault(f)
	}
}

// faultFinding is the unverified finding of a claim whose check panicked.
func faultFinding(e *catalog.Entry, c *catalog.Claim, check string, v any) Finding {
	return claimFinding(e, c, check, Unverified).with(Unverified,
		fmt.Sprintf("not judged: check %s failed on this claim (internal error: %v)", check, v))
}

// guardClaim judges one claim for the check of that id; a panic becomes the
// claim's unverified finding and a Fault.
func (ctx *Context) guardClaim(check string, e *catalog.Entry, c *catalog.Claim, judge claimJudge) (f Finding) {
	defer func() {
		if v := recover(); v != nil {
			ctx.fault(Fault{Check: check, Entry: e.ID, Claim: c.ID, Value: v, Stack: debug.Stack()})
			f = faultFinding(e, c, check, v)
		}
	}()
	return judge(ctx, e, c)
}

// runGuarded runs one check over ctx's scope. A panic outside a claim
// (guardClaim catches those inside one) loses the check's findings for the
// scope: each claim in scope the check judges (by its Fields) gets an
// unverified finding, and the Fault is reported once.
func (ctx *Context) runGuarded(c Check) (out []Finding) {
	defer func() {
		if v := recover(); v != nil {
			out = ctx.recovered(c, v)
		}
	}()
	return c.Run(ctx)
}

// recovered reports the panic v of check c outside a claim and gives the
// claims in scope c judges their unverified findings (none for a wide check,
// whose findings are not claims').
func (ctx *Context) recovered(c Check, v any) []Finding {
	entry := ""
	if !c.Wide && ctx.hi-ctx.lo == 1 {
		entry = ctx.entries()[0].ID
	}
	ctx.fault(Fault{Check: c.ID, Entry: entry, Value: v, Stack: debug.Stack()})
	if c.Wide {
		return nil
	}
	var out []Finding
	ctx.eachClaimWhere(func(cl *catalog.Claim) bool { return containsString(c.Fields, cl.Field) }, func(e *catalog.Entry, cl *catalog.Claim) {
		out = append(out, faultFinding(e, cl, c.ID, v))
	})
	return out
}
