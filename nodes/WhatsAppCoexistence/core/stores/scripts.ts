/**
 * The Lua scripts Redis runs atomically for us: send-slot reservation and settling, and the
 * compare-and-set steps of de-duplication claims. Each is registered on every client as a
 * command (see pool.ts), so ioredis sends it by hash and loads it once.
 */

export const RESERVE_SLOT_LUA = `
-- KEYS[1]: the number's admission log (sorted set: member = ticket, score = time in us);
-- KEYS[2]: data-loss marker. ARGV: count, window us, spacing us, guard us, log ttl ms.
-- Returns {ms to wait, ''} or {0, ticket}. Time comes from Redis itself, so the callers'
-- clocks never matter.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local count = tonumber(ARGV[1])
local span = tonumber(ARGV[2]) + tonumber(ARGV[4])
-- A missing marker means Redis lost its data (restart without persistence, flush, eviction):
-- sends admitted just before are unknown, so nobody sends until a full window has passed.
local born = redis.call('GET', KEYS[2])
if not born then
  born = now
  redis.call('SET', KEYS[2], string.format('%d', now))
end
local wait = tonumber(born) + span - now
local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if newest[2] then wait = math.max(wait, tonumber(newest[2]) + tonumber(ARGV[3]) - now) end
local oldest = redis.call('ZREVRANGE', KEYS[1], count - 1, count - 1, 'WITHSCORES')
if oldest[2] then wait = math.max(wait, tonumber(oldest[2]) + span - now) end
if wait > 0 then return {math.ceil(wait / 1000), ''} end
local ticket = string.format('%d', now)
redis.call('ZADD', KEYS[1], ticket, ticket)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(count + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {0, ticket}
`;

export const SETTLE_SLOT_LUA = `
-- KEYS[1]: the number's admission log. ARGV: ticket, shift us, log ttl ms.
-- Moves one admission later; a ticket already trimmed from the log no longer matters.
local at = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not at then return 0 end
redis.call('ZADD', KEYS[1], string.format('%d', tonumber(at) + tonumber(ARGV[2])), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
`;

export const RELEASE_CLAIM_LUA = `
-- KEYS[1]: a claim. ARGV: the token of the holder, and the same token confirmed. Deletes the
-- claim only while that holder still has it (pending or confirmed), so a late release never
-- frees a claim someone else took since.
local value = redis.call('GET', KEYS[1])
if value == ARGV[1] or value == ARGV[2] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export const CONFIRM_CLAIM_LUA = `
-- KEYS: the claims of one delivery. ARGV: the token of the holder, new ttl ms, the confirmed
-- value. Confirms all of them (confirmed value, new ttl) only while that holder still has every
-- one, pending or already confirmed (a retry whose first answer was lost must answer 1 again);
-- otherwise changes none. One script, so Redis applies it whole or not at all.
for _, key in ipairs(KEYS) do
  local value = redis.call('GET', key)
  if value ~= ARGV[1] and value ~= ARGV[3] then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[3], 'PX', ARGV[2])
end
return 1
`;

export const CLAIM_LUA = `
-- KEYS[1]: a claim. ARGV: token, ttl ms, deadline (Redis time, ms). Sets the claim if absent,
-- but only before the deadline: the caller has given up on a command that arrives later (a
-- stalled network delivering it after the timeout), so it must not take effect.
-- Returns 1 (claimed), 0 (already claimed) or -1 (too late, nothing written).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[3]) then return -1 end
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
return 0
`;

export const APPEND_BURST_LUA = `
-- KEYS[1]: the burst's entries (list); KEYS[2]: its arrival count and first arrival (hash);
-- KEYS[3]: the trigger's open bursts (sorted set: member = conversation, score = deadline ms).
-- ARGV: entry, now ms, pause ms, longest wait ms, ttl ms, conversation.
-- Returns {arrival number, first arrival ms}.
redis.call('RPUSH', KEYS[1], ARGV[1])
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
local first = redis.call('HGET', KEYS[2], 'first')
if not first then
  first = ARGV[2]
  redis.call('HSET', KEYS[2], 'first', first)
end
local deadline = math.min(tonumber(ARGV[2]) + tonumber(ARGV[3]), tonumber(first) + tonumber(ARGV[4]))
redis.call('ZADD', KEYS[3], deadline, ARGV[6])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
return {seq, first}
`;

export const TAKE_BURST_LUA = `
-- KEYS: as for APPEND_BURST_LUA. ARGV: conversation, arrival number ('' = whatever the newest).
-- Returns the entries and empties the burst, or false when a later arrival came.
if ARGV[2] ~= '' and redis.call('HGET', KEYS[2], 'seq') ~= ARGV[2] then return false end
local entries = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
redis.call('HDEL', KEYS[2], 'first')
redis.call('ZREM', KEYS[3], ARGV[1])
return entries
`;
