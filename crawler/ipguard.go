package crawler

import (
	"fmt"
	"net/netip"
)

// The dial guard's address table. A public-source crawler connects only to
// globally reachable addresses; every address the dialer is about to connect
// to is judged here (after DNS, so a public name resolving to an internal
// address is caught). An internal address may still be dialled when an
// explicitly configured endpoint or a --trust-host entry names it literally
// (see allowList.literalAddrs): that is how the loopback simulator and local
// mirrors work, and what a catalog can never do.
//
// The rows come from the IANA IPv4 and IPv6 Special-Purpose Address
// Registries (https://www.iana.org/assignments/iana-ipv4-special-registry,
// https://www.iana.org/assignments/iana-ipv6-special-registry, as of 2025),
// one row per registry entry, keeping the registry's "Globally Reachable"
// column. The most specific matching row decides (192.0.0.9/32 is reachable
// inside the unreachable 192.0.0.0/24). Rows the registry marks "N/A"
// (deprecated or not addresses of a host) are blocked. A few rows come from
// other IANA registries and say so: multicast (the multicast registries),
// anything outside 2000::/3 (the IPv6 Address Space registry), site-local.
//
// Addresses that embed an IPv4 address are judged by that IPv4 address:
// IPv4-mapped (::ffff:0:0/96, how a dual-stack socket spells an IPv4 peer),
// NAT64 (64:ff9b::/96, e.g. 64:ff9b::a9fe:a9fe is 169.254.169.254;
// 64:ff9b:1::/48 when it uses the /96 layout), and 6to4 (2002::/16, whose
// relay delivers to the embedded address). Teredo (2001::/32) is blocked
// outright: the registry gives it no global reachability, the client address
// is obfuscated and the server address chosen by whoever built the address,
// and no official source is published on a Teredo address.

// specialRange is one row of the table.
type specialRange struct {
	prefix netip.Prefix
	name   string // the registry's name for the row
	ref    string // where the row comes from (RFC of the registry entry)
	global bool   // the registry's "Globally Reachable" (N/A counts as false)
	embed  embedKind
}

// embedKind says how an address embeds an IPv4 address to judge instead.
type embedKind int

const (
	embedNone    embedKind = iota
	embedMapped            // ::ffff:a.b.c.d
	embedLow32             // the IPv4 address in the last 32 bits (NAT64 /96)
	embedLocal64           // 64:ff9b:1::/48: the /96 layout, otherwise blocked
	embed6to4              // 2002:AABB:CCDD::/48 → A.B.C.D
	embedTeredo            // blocked; the client address is shown in the reason
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// specialRanges is the table. Keep one line per registry row.
var specialRanges = []specialRange{
	// ---- IANA IPv4 Special-Purpose Address Registry
	{pfx("0.0.0.0/8"), `"This network"`, "RFC 791", false, embedNone},
	{pfx("0.0.0.0/32"), `"This host on this network"`, "RFC 1122", false, embedNone},
	{pfx("10.0.0.0/8"), "Private-Use", "RFC 1918", false, embedNone},
	{pfx("100.64.0.0/10"), "Shared Address Space (carrier-grade NAT)", "RFC 6598", false, embedNone},
	{pfx("127.0.0.0/8"), "Loopback", "RFC 1122", false, embedNone},
	{pfx("169.254.0.0/16"), "Link Local (cloud metadata lives here)", "RFC 3927", false, embedNone},
	{pfx("172.16.0.0/12"), "Private-Use", "RFC 1918", false, embedNone},
	{pfx("192.0.0.0/24"), "IETF Protocol Assignments", "RFC 6890", false, embedNone},
	{pfx("192.0.0.0/29"), "IPv4 Service Continuity Prefix", "RFC 7335", false, embedNone},
	{pfx("192.0.0.8/32"), "IPv4 dummy address", "RFC 7600", false, embedNone},
	{pfx("192.0.0.9/32"), "Port Control Protocol Anycast", "RFC 7723", true, embedNone},
	{pfx("192.0.0.10/32"), "Traversal Using Relays around NAT Anycast", "RFC 8155", true, embedNone},
	{pfx("192.0.0.170/32"), "NAT64/DNS64 Discovery", "RFC 8880", false, embedNone},
	{pfx("192.0.0.171/32"), "NAT64/DNS64 Discovery", "RFC 8880", false, embedNone},
	{pfx("192.0.2.0/24"), "Documentation (TEST-NET-1)", "RFC 5737", false, embedNone},
	{pfx("192.31.196.0/24"), "AS112-v4", "RFC 7535", true, embedNone},
	{pfx("192.52.193.0/24"), "AMT", "RFC 7450", true, embedNone},
	{pfx("192.88.99.0/24"), "Deprecated (6to4 Relay Anycast)", "RFC 7526", false, embedNone},
	{pfx("192.168.0.0/16"), "Private-Use", "RFC 1918", false, embedNone},
	{pfx("192.175.48.0/24"), "Direct Delegation AS112 Service", "RFC 7534", true, embedNone},
	{pfx("198.18.0.0/15"), "Benchmarking", "RFC 2544", false, embedNone},
	{pfx("198.51.100.0/24"), "Documentation (TEST-NET-2)", "RFC 5737", false, embedNone},
	{pfx("203.0.113.0/24"), "Documentation (TEST-NET-3)", "RFC 5737", false, embedNone},
	{pfx("240.0.0.0/4"), "Reserved", "RFC 1112", false, embedNone},
	{pfx("255.255.255.255/32"), "Limited Broadcast", "RFC 919", false, embedNone},
	// IPv4 Multicast Address Space Registry (not a host to fetch from).
	{pfx("224.0.0.0/4"), "Multicast", "RFC 5771", false, embedNone},

	// ---- IANA IPv6 Special-Purpose Address Registry
	{pfx("::1/128"), "Loopback Address", "RFC 4291", false, embedNone},
	{pfx("::/128"), "Unspecified Address", "RFC 4291", false, embedNone},
	{pfx("::ffff:0:0/96"), "IPv4-mapped Address", "RFC 4291", false, embedMapped},
	{pfx("64:ff9b::/96"), "IPv4-IPv6 Translat. (NAT64)", "RFC 6052", true, embedLow32},
	{pfx("64:ff9b:1::/48"), "Local-Use IPv4/IPv6 Translation", "RFC 8215", false, embedLocal64},
	{pfx("100::/64"), "Discard-Only Address Block", "RFC 6666", false, embedNone},
	{pfx("100:0:0:1::/64"), "Dummy IPv6 Prefix", "RFC 9780", false, embedNone},
	{pfx("2001::/23"), "IETF Protocol Assignments", "RFC 2928", false, embedNone},
	{pfx("2001::/32"), "TEREDO", "RFC 4380", false, embedTeredo},
	{pfx("2001:1::1/128"), "Port Control Protocol Anycast", "RFC 7723", true, embedNone},
	{pfx("2001:1::2/128"), "Traversal Using Relays around NAT Anycast", "RFC 8155", true, embedNone},
	{pfx("2001:1::3/128"), "DNS-SD Service Registration Protocol Anycast", "RFC 9665", true, embedNone},
	{pfx("2001:2::/48"), "Benchmarking", "RFC 5180", false, embedNone},
	{pfx("2001:3::/32"), "AMT", "RFC 7450", true, embedNone},
	{pfx("2001:4:112::/48"), "AS112-v6", "RFC 7535", true, embedNone},
	{pfx("2001:10::/28"), "Deprecated (previously ORCHID)", "RFC 4843", false, embedNone},
	{pfx("2001:20::/28"), "ORCHIDv2", "RFC 7343", true, embedNone},
	{pfx("2001:30::/28"), "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", true, embedNone},
	{pfx("2001:db8::/32"), "Documentation", "RFC 3849", false, embedNone},
	{pfx("2002::/16"), "6to4", "RFC 3056", false, embed6to4},
	{pfx("2620:4f:8000::/48"), "Direct Delegation AS112 Service", "RFC 7534", true, embedNone},
	{pfx("3fff::/20"), "Documentation", "RFC 9637", false, embedNone},
	{pfx("5f00::/16"), "Segment Routing (SRv6) SIDs", "RFC 9602", false, embedNone},
	{pfx("fc00::/7"), "Unique-Local", "RFC 4193", false, embedNone},
	{pfx("fe80::/10"), "Link-Local Unicast", "RFC 4291", false, embedNone},
	// IPv6 Address Space registry: deprecated site-local, multicast, and
	// everything outside 2000::/3 (the only Global Unicast allocation) that
	// no more specific row above covers (e.g. the deprecated IPv4-compatible ::/96).
	{pfx("fec0::/10"), "Site-Local (deprecated)", "RFC 3879", false, embedNone},
	{pfx("ff00::/8"), "Multicast", "RFC 4291", false, embedNone},
	{pfx("::/0"), "outside Global Unicast 2000::/3 (IPv6 Address Space registry)", "RFC 4291", false, embedNone},
	{pfx("2000::/3"), "Global Unicast", "RFC 4291", true, embedNone},
}

// lookupSpecial returns the most specific row containing a. IPv4 rows
// match IPv4 addresses only; an IPv4-mapped address matches the
// ::ffff:0:0/96 row, which judges the IPv4 address it embeds.
func lookupSpecial(a netip.Addr) (specialRange, bool) {
	var best specialRange
	found := false
	for _, r := range specialRanges {
		if r.prefix.Addr().Is4() != a.Is4() || !r.prefix.Contains(a) {
			continue
		}
		if !found || r.prefix.Bits() > best.prefix.Bits() {
			best, found = r, true
		}
	}
	return best, found
}

// AddrVerdict says whether the dial guard refuses an address, and why.
type AddrVerdict struct {
	Blocked bool
	// Reason names the registry row ("100.64.0.0/10 Shared Address Space
	// (carrier-grade NAT), RFC 6598"), and the embedded IPv4 address when
	// that decided; empty for an ordinary global address.
	Reason string
}

// JudgeAddr is the dial guard's pure decision for one address, before any
// literal exception for configured endpoints: Blocked for every address the
// special-purpose registries mark not globally reachable, for multicast and
// broadcast, and for forms embedding such an IPv4 address. An invalid
// address is blocked. It never touches the network.
func JudgeAddr(a netip.Addr) AddrVerdict {
	return judgeAddr(a, 0)
}

func judgeAddr(a netip.Addr, depth int) AddrVerdict {
	if !a.IsValid() {
		return AddrVerdict{Blocked: true, Reason: "not a valid IP address"}
	}
	a = a.WithZone("")
	r, ok := lookupSpecial(a)
	if !ok {
		return AddrVerdict{} // a plain IPv4 unicast address
	}
	row := func() string { return fmt.Sprintf("%s %s, %s", r.prefix, r.name, r.ref) }
	embedded := func(v4 netip.Addr) AddrVerdict {
		if depth > 2 {
			return AddrVerdict{Blocked: true, Reason: row() + ": nested embedding"}
		}
		v := judgeAddr(v4, depth+1)
		if v.Blocked {
			return AddrVerdict{Blocked: true, Reason: fmt.Sprintf("%s embedding %s (%s)", row(), v4, v.Reason)}
		}
		return AddrVerdict{}
	}
	b := a.As16()
	switch r.embed {
	case embedMapped:
		return embedded(a.Unmap())
	case embedLow32:
		return embedded(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	case embedLocal64:
		// RFC 8215 lets the operator pick any RFC 6052 prefix length inside
		// 64:ff9b:1::/48; only the /96 layout (bits 48–95 zero) says where
		// the IPv4 address is. Any other layout is blocked, as the registry
		// marks the block not globally reachable.
		for _, x := range b[6:12] {
			if x != 0 {
				return AddrVerdict{Blocked: true, Reason: row() + ": not the /96 layout, embedded IPv4 address unknown"}
			}
		}
		return embedded(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	case embed6to4:
		return embedded(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
	case embedTeredo:
		// Server IPv4 in bits 32–63; client IPv4 in the last 32 bits, XOR 0xff.
		server := netip.AddrFrom4([4]byte{b[4], b[5], b[6], b[7]})
		client := netip.AddrFrom4([4]byte{b[12] ^ 0xff, b[13] ^ 0xff, b[14] ^ 0xff, b[15] ^ 0xff})
		return AddrVerdict{Blocked: true, Reason: fmt.Sprintf("%s (Teredo server %s, client %s): not globally reachable", row(), server, client)}
	}
	if !r.global {
		return AddrVerdict{Blocked: true, Reason: row()}
	}
	return AddrVerdict{}
}
