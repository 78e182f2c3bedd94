-- SPDX-License-Identifier: BSD-3-Clause
-- Wireshark dissector for the captures of `rpmsg trace --pcap`: link type
-- USER0 (147), each record a 16-byte header, then the message's payload:
--   u8 direction (0 received by the traced side, 1 sent by it),
--   3 zero bytes, u32 src, u32 dst, u32 len (little endian).
-- A message to or from the name service (address 53) is decoded as one:
-- name (32 bytes, NUL-padded), u32 addr, u32 flags (0 create, 1 destroy).
-- Installed into Wireshark's global Lua plugin folder; elsewhere:
--   tshark -X lua_script:rpmsg.lua -r trace.pcap

local NS_ADDR = 53
local HDR_LEN = 16
local NS_LEN = 40

local p_rpmsg = Proto("rpmsg", "rpmsg message (rpmsg trace)")
local p_ns = Proto("rpmsg_ns", "rpmsg name service")

local directions = { [0] = "rx", [1] = "tx" }
local ns_flags = { [0] = "create", [1] = "destroy" }

local f = {
	dir = ProtoField.uint8("rpmsg.direction", "Direction", base.DEC,
			       directions),
	pad = ProtoField.bytes("rpmsg.reserved", "Reserved"),
	src = ProtoField.uint32("rpmsg.src", "Source address", base.HEX),
	dst = ProtoField.uint32("rpmsg.dst", "Destination address", base.HEX),
	len = ProtoField.uint32("rpmsg.len", "Payload length", base.DEC),
	ept = ProtoField.uint32("rpmsg.endpoint",
				"Endpoint of the traced side", base.HEX),
	peer = ProtoField.uint32("rpmsg.peer", "Peer address", base.HEX),
	payload = ProtoField.bytes("rpmsg.payload", "Payload"),
	text = ProtoField.string("rpmsg.text", "Payload as text"),
}
p_rpmsg.fields = f

local fns = {
	name = ProtoField.stringz("rpmsg_ns.name", "Service name"),
	addr = ProtoField.uint32("rpmsg_ns.addr", "Service address", base.HEX),
	flags = ProtoField.uint32("rpmsg_ns.flags", "Flags", base.DEC,
				  ns_flags),
}
p_ns.fields = fns

local e_short = ProtoExpert.new("rpmsg.short", "Record shorter than its header",
				expert.group.MALFORMED, expert.severity.ERROR)
local e_len = ProtoExpert.new("rpmsg.len_mismatch",
			      "Length field differs from the payload captured",
			      expert.group.MALFORMED, expert.severity.WARN)
local e_ns_len = ProtoExpert.new("rpmsg_ns.bad_length",
				 "Name-service message not of 40 bytes (the peer rejects it)",
				 expert.group.MALFORMED, expert.severity.WARN)
p_rpmsg.experts = { e_short, e_len, e_ns_len }

-- The payload as text when every byte is printable (or a trailing NUL).
local function printable(tvb)
	local s = tvb:raw()
	s = s:gsub("%z+$", "")
	if #s == 0 or s:find("[^\32-\126\t\r\n]") then
		return nil
	end
	return s
end

local function dissect_ns(tvb, tree)
	local t = tree:add(p_ns, tvb())
	if tvb:len() ~= NS_LEN then
		t:add_proto_expert_info(e_ns_len)
		return "NS, " .. tvb:len() .. " bytes (malformed)"
	end
	local name = tvb(0, 32):stringz()
	local addr = tvb(32, 4):le_uint()
	local flags = tvb(36, 4):le_uint()
	t:add(fns.name, tvb(0, 32))
	t:add_le(fns.addr, tvb(32, 4))
	t:add_le(fns.flags, tvb(36, 4))
	local what = ns_flags[flags] or ("flags " .. flags)
	t:append_text(string.format(": %s \"%s\" at 0x%x", what, name, addr))
	return string.format("NS %s \"%s\" at 0x%x", what, name, addr)
end

function p_rpmsg.dissector(tvb, pinfo, tree)
	pinfo.cols.protocol = "rpmsg"
	local root = tree:add(p_rpmsg, tvb())
	if tvb:len() < HDR_LEN then
		root:add_proto_expert_info(e_short)
		pinfo.cols.info = "short record"
		return
	end
	local dir = tvb(0, 1):uint()
	local src = tvb(4, 4):le_uint()
	local dst = tvb(8, 4):le_uint()
	local len = tvb(12, 4):le_uint()
	root:add(f.dir, tvb(0, 1))
	root:add(f.pad, tvb(1, 3))
	root:add_le(f.src, tvb(4, 4))
	root:add_le(f.dst, tvb(8, 4))
	local lt = root:add_le(f.len, tvb(12, 4))
	-- The traced side's endpoint is the destination of what it received
	-- and the source of what it sent.
	local ept, peer = dst, src
	if dir == 1 then
		ept, peer = src, dst
	end
	root:add(f.ept, ept):set_generated()
	root:add(f.peer, peer):set_generated()

	local body = tvb:len() - HDR_LEN
	if body ~= len then
		lt:add_proto_expert_info(e_len)
	end
	local dname = directions[dir] or ("dir " .. dir)
	local info = string.format("%s 0x%x -> 0x%x len %d", dname, src, dst,
				   len)
	root:append_text(", " .. info)
	if body > 0 then
		local ptvb = tvb(HDR_LEN, body):tvb()
		if src == NS_ADDR or dst == NS_ADDR then
			info = info .. ", " .. dissect_ns(ptvb, tree)
		else
			root:add(f.payload, ptvb())
			local s = printable(ptvb)
			if s then
				root:add(f.text, ptvb(), s)
				info = info .. ": " .. s
			end
		end
	end
	pinfo.cols.info = info
end

DissectorTable.get("wtap_encap"):add(wtap_encaps.USER0, p_rpmsg)
