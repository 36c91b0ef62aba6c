package crawler

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/claimcheck/claimcheck/crawler/record"
)

// dialRefused holds one address from every range the dial guard refuses,
// named by its registry row. These are pure-function cases: nothing is dialled.
var dialRefused = []struct{ addr, row string }{
	// IPv4 Special-Purpose Address Registry, every row not globally reachable.
	{"0.0.0.0", "0.0.0.0/32"},
	{"0.1.2.3", "0.0.0.0/8"},
	{"10.1.2.3", "10.0.0.0/8"},
	{"100.64.0.1", "100.64.0.0/10"},
	{"100.100.100.200", "100.64.0.0/10"}, // a cloud metadata address in CGNAT space
	{"100.127.255.254", "100.64.0.0/10"},
	{"127.0.0.1", "127.0.0.0/8"},
	{"127.255.255.254", "127.0.0.0/8"},
	{"169.254.169.254", "169.254.0.0/16"},
	{"172.16.0.1", "172.16.0.0/12"},
	{"172.31.255.255", "172.16.0.0/12"},
	{"192.0.0.1", "192.0.0.0/29"},
	{"192.0.0.8", "192.0.0.8/32"},
	{"192.0.0.100", "192.0.0.0/24"},
	{"192.0.0.170", "192.0.0.170/32"},
	{"192.0.0.171", "192.0.0.171/32"},
	{"192.0.2.1", "192.0.2.0/24"},
	{"192.88.99.1", "192.88.99.0/24"},
	{"192.168.1.1", "192.168.0.0/16"},
	{"198.18.0.1", "198.18.0.0/15"},
	{"198.19.255.255", "198.18.0.0/15"},
	{"198.51.100.7", "198.51.100.0/24"},
	{"203.0.113.9", "203.0.113.0/24"},
	{"240.0.0.1", "240.0.0.0/4"},
	{"255.255.255.254", "240.0.0.0/4"},
	{"255.255.255.255", "255.255.255.255/32"},
	{"224.0.0.1", "224.0.0.0/4"},
	{"239.255.255.250", "224.0.0.0/4"},
	// IPv6 Special-Purpose Address Registry.
	{"::", "::/128"},
	{"::1", "::1/128"},
	{"::ffff:127.0.0.1", "::ffff:0.0.0.0/96"},
	{"::ffff:169.254.169.254", "::ffff:0.0.0.0/96"},
	{"::ffff:100.64.0.1", "::ffff:0.0.0.0/96"},
	{"64:ff9b::a9fe:a9fe", "64:ff9b::/96"}, // 169.254.169.254
	{"64:ff9b::7f00:1", "64:ff9b::/96"},    // 127.0.0.1
	{"64:ff9b::c612:1", "64:ff9b::/96"},    // 198.18.0.1
	{"64:ff9b:1::a9fe:a9fe", "64:ff9b:1::/48"},
	{"64:ff9b:1:ab::1", "64:ff9b:1::/48"}, // not the /96 layout
	{"100::1", "100::/64"},
	{"100:0:0:1::1", "100:0:0:1::/64"},
	{"2001::1", "2001::/32"}, // Teredo
	{"2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::/32"},
	{"2001:2::1", "2001:2::/48"},
	{"2001:5::1", "2001::/23"},
	{"2001:10::1", "2001:10::/28"},
	{"2001:db8::1", "2001:db8::/32"},
	{"2002:7f00:1::1", "2002::/16"},   // 6to4 of 127.0.0.1
	{"2002:a9fe:a9fe::", "2002::/16"}, // 6to4 of 169.254.169.254
	{"2002:c000:0201::1", "2002::/16"},
	{"3fff::1", "3fff::/20"},
	{"5f00::1", "5f00::/16"},
	{"fc00::1", "fc00::/7"},
	{"fd12:3456::1", "fc00::/7"},
	{"fe80::1", "fe80::/10"},
	{"fe80::1%eth0", "fe80::/10"},
	{"fec0::1", "fec0::/10"},
	{"ff02::1", "ff00::/8"},
	{"::7f00:1", "::/0"}, // deprecated IPv4-compatible form
	{"4000::1", "::/0"},  // outside 2000::/3
}

// dialAccepted are globally reachable addresses (ordinary public hosts, and
// the few special-purpose rows the registries mark globally reachable).
var dialAccepted = []string{
	"8.8.8.8", "1.1.1.1", "140.82.112.3", "151.101.1.69", "100.63.255.255", "100.128.0.0",
	"172.15.255.255", "172.32.0.0", "192.0.0.9", "192.0.0.10", "192.0.3.0", "198.17.255.255",
	"198.20.0.0", "223.255.255.255",
	"2606:4700::6810:84e5", "2a00:1450:4001:80b::200e", "2001:4860:4860::8888",
	"::ffff:8.8.8.8", "64:ff9b::808:808", "64:ff9b:1::808:808", "2002:808:808::1",
	"2001:1::1", "2001:3::1", "2620:4f:8000::1",
}

func TestJudgeAddrRefusesEverySpecialRange(t *testing.T) {
	t.Parallel()
	for _, c := range dialRefused {
		a, err := netip.ParseAddr(c.addr)
		if err != nil {
			t.Fatalf("%s: %v", c.addr, err)
		}
		v := JudgeAddr(a)
		if !v.Blocked {
			t.Errorf("%s (%s): accepted", c.addr, c.row)
			continue
		}
		if !strings.Contains(v.Reason, c.row) {
			t.Errorf("%s: reason %q does not name %s", c.addr, v.Reason, c.row)
		}
	}
}

func TestJudgeAddrAcceptsGlobalAddresses(t *testing.T) {
	t.Parallel()
	for _, s := range dialAccepted {
		if v := JudgeAddr(netip.MustParseAddr(s)); v.Blocked {
			t.Errorf("%s refused: %s", s, v.Reason)
		}
	}
	if v := JudgeAddr(netip.Addr{}); !v.Blocked {
		t.Error("the zero Addr is accepted")
	}
}

func TestJudgeAddrNamesEmbeddedAddress(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"64:ff9b::a9fe:a9fe":     "169.254.169.254",
		"2002:a9fe:a9fe::":       "169.254.169.254",
		"::ffff:10.0.0.1":        "10.0.0.1",
		"2001:0:a9fe:a9fe::ffff": "client 255.255.0.0", // Teredo: client XOR 0xff
	} {
		if v := JudgeAddr(netip.MustParseAddr(addr)); !strings.Contains(v.Reason, want) {
			t.Errorf("%s: reason %q, want it to name %s", addr, v.Reason, want)
		}
	}
}

// TestSpecialRangesTable: every row parses as a canonical prefix and no two
// rows share a prefix (the most specific row must be unambiguous).
func TestSpecialRangesTable(t *testing.T) {
	t.Parallel()
	seen := map[netip.Prefix]bool{}
	for _, r := range specialRanges {
		if r.prefix != r.prefix.Masked() {
			t.Errorf("%s is not masked", r.prefix)
		}
		if seen[r.prefix] {
			t.Errorf("%s appears twice", r.prefix)
		}
		seen[r.prefix] = true
		if r.name == "" || r.ref == "" {
			t.Errorf("%s: no registry name or reference", r.prefix)
		}
	}
}

// TestDialGuardLiteralException: the connect-time check refuses internal
// addresses, except the literal address:port of a configured endpoint or a
// trusted host (loopback stays allowed exactly there); a catalog host never
// opens one. No connection is made: dialGuard is the Control function.
func TestDialGuardLiteralException(t *testing.T) {
	t.Parallel()
	endpoints := newAllowList([]string{"169.254.169.254", "100.64.0.1"}, []string{"http://127.0.0.1:8080", "http://[::1]:9090"}, "localhost:7070")
	lit := endpoints.literalAddrs()
	for _, c := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8080", true},
		{"[::ffff:127.0.0.1]:8080", true}, // the same address, IPv4-mapped
		{"[::1]:9090", true},
		{"127.0.0.1:7070", true}, // trusted localhost
		{"[::1]:7070", true},
		{"127.0.0.1:8081", false}, // another port
		{"127.0.0.2:8080", false},
		{"[64:ff9b::7f00:1]:8080", false}, // NAT64 of the endpoint: not named literally
		{"169.254.169.254:80", false},     // a catalog host never opens an address
		{"100.64.0.1:443", false},
		{"198.18.0.1:443", false},
		{"[64:ff9b::a9fe:a9fe]:80", false},
		{"140.82.112.3:443", true},
		{"[2606:4700::6810:84e5]:443", true},
	} {
		err := dialGuard(lit, c.addr)
		if c.ok && err != nil {
			t.Errorf("%s refused: %v", c.addr, err)
		}
		if !c.ok {
			var fe *record.FetchError
			if !errors.As(err, &fe) || fe.Kind != record.ErrBlocked {
				t.Errorf("%s: %v, want a blocked-by-policy refusal", c.addr, err)
			}
		}
	}
	if err := dialGuard(lit, "example.org:443"); err == nil {
		t.Error("a host name reached the dial guard unrefused")
	}
}

// FuzzJudgeAddr: the judgement never panics, an IPv4-mapped or NAT64 /96
// address is judged exactly as the IPv4 address it embeds, and a blocked
// address always says why.
func FuzzJudgeAddr(f *testing.F) {
	for _, c := range dialRefused {
		b := netip.MustParseAddr(c.addr).As16()
		f.Add(b[:])
	}
	for _, s := range dialAccepted {
		b := netip.MustParseAddr(s).As16()
		f.Add(b[:])
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var b [16]byte
		copy(b[:], raw)
		a := netip.AddrFrom16(b)
		v := JudgeAddr(a)
		if v.Blocked && v.Reason == "" {
			t.Fatalf("%s blocked without a reason", a)
		}
		v4 := netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
		want := JudgeAddr(v4).Blocked
		mapped := netip.AddrFrom16([16]byte{10: 0xff, 11: 0xff, 12: b[12], 13: b[13], 14: b[14], 15: b[15]})
		nat64 := netip.AddrFrom16([16]byte{0: 0x00, 1: 0x64, 2: 0xff, 3: 0x9b, 12: b[12], 13: b[13], 14: b[14], 15: b[15]})
		for _, x := range []netip.Addr{mapped, nat64, v4} {
			if got := JudgeAddr(x).Blocked; got != want {
				t.Fatalf("%s judged %v, but the IPv4 address %s it embeds %v", x, got, v4, want)
			}
		}
	})
}

// BenchmarkJudgeAddr measures the dial guard's cost per connection.
func BenchmarkJudgeAddr(b *testing.B) {
	addrs := []netip.Addr{netip.MustParseAddr("140.82.112.3"), netip.MustParseAddr("2606:4700::6810:84e5"),
		netip.MustParseAddr("64:ff9b::a9fe:a9fe"), netip.MustParseAddr("100.64.0.1")}
	for i := 0; b.Loop(); i++ {
		JudgeAddr(addrs[i%len(addrs)])
	}
}
