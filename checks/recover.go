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

// guardClaim runs fn for one claim; a panic becomes the claim's unverified
// finding and a Fault.
func (ctx *Context) guardClaim(e *catalog.Entry, c *catalog.Claim, fn func(e *catalog.Entry, c *catalog.Claim) Finding) (f Finding) {
	defer func() {
		if v := recover(); v != nil {
			ctx.fault(Fault{Check: ctx.running, Entry: e.ID, Claim: c.ID, Value: v, Stack: debug.Stack()})
			f = faultFinding(e, c, ctx.running, v)
		}
	}()
	return fn(e, c)
}

// runGuarded runs one check over the current scope. A panic outside a
// claim (guardClaim catches those inside one) loses the check's findings for
// the scope: each claim in scope the check judges (by its Fields) gets an
// unverified finding, and the Fault is reported once.
func (ctx *Context) runGuarded(c Check, global bool) (out []Finding) {
	ctx.running = c.ID
	defer func() {
		ctx.running = ""
		v := recover()
		if v == nil {
			return
		}
		entry := ""
		if !global && ctx.hi-ctx.lo == 1 {
			entry = ctx.entries()[0].ID
		}
		ctx.fault(Fault{Check: c.ID, Entry: entry, Value: v, Stack: debug.Stack()})
		out = nil
		if global {
			return
		}
		es := ctx.entries()
		for i := range es {
			e := &es[i]
			for j := range e.Claims {
				cl := &e.Claims[j]
				if containsString(c.Fields, cl.Field) {
					ctx.handled[e.ID+"/"+cl.ID] = true
					out = append(out, faultFinding(e, cl, c.ID, v))
				}
			}
		}
	}()
	return c.Run(ctx)
}
