-- Appends one update to the hub's stream in one atomic step, so that every node of a cluster sees the same order and
-- the same bounds: refuses an id that is still kept, numbers the update after the newest (entry id 0-<position>),
-- records the id of the update before it (so that a follower can tell when the stream lost entries and went on), and
-- drops the oldest updates until both bounds hold again, the new one always kept.
--
-- KEYS[1] the stream   KEYS[2] the kept ids (sorted set: id -> position)   KEYS[3] the bytes the kept updates hold
-- ARGV: id, topics (JSON array), private (0 or 1), frame, size in bytes, time (ms), most updates, most bytes
-- Returns the update's position, or -1 when its id is still kept.
--
-- A subscription event also records its subscription in the hash of the node that holds it, in the same step, so that
-- the subscriptions API and the events never disagree (KEYS[4] the hash, KEYS[5] that node's lease; ARGV: the
-- subscription's id, its description or '' once it ended, and who ends it: 'holder' or 'reaper'). Nothing is appended,
-- and -2 returned, when the hash already says so (a retry, or a subscription a reaper ended); a reaper is refused,
-- with -3, while the node's lease is alive: the node was not dead after all.
local stream, ids, bytesKey = KEYS[1], KEYS[2], KEYS[3]
local id, size = ARGV[1], tonumber(ARGV[5])
local maxCount, maxBytes = tonumber(ARGV[7]), tonumber(ARGV[8])

if redis.call('ZSCORE', ids, id) then
    return -1
end

if #KEYS > 3 then
    local roster, nodeLease = KEYS[4], KEYS[5]
    local subscription, description, by = ARGV[9], ARGV[10], ARGV[11]
    if by == 'reaper' and redis.call('EXISTS', nodeLease) == 1 then
        return -3
    end
    if description == '' then
        if redis.call('HDEL', roster, subscription) == 0 then
            return -2
        end
    elseif redis.call('HGET', roster, subscription) == description then
        return -2
    else
        redis.call('HSET', roster, subscription, description)
    end
end

-- Fields as XADD writes them below, in this order: id, topics, private, frame, size, time, previous.
local function field(fields, name)
    for i = 1, #fields, 2 do
        if fields[i] == name then
            return fields[i + 1]
        end
    end
    return nil
end

local newest = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)[1]
local previous = newest and field(newest[2], 'id') or ''
local entryId = redis.call('XADD', stream, '0-*', 'id', id, 'topics', ARGV[2], 'private', ARGV[3],
    'frame', ARGV[4], 'size', ARGV[5], 'time', ARGV[6], 'previous', previous)
local position = tonumber(string.match(entryId, '^0%-(%d+)$'))
redis.call('ZADD', ids, position, id)

local bytes = redis.call('INCRBY', bytesKey, size)
local length = redis.call('XLEN', stream)
while length > 1 and (length > maxCount or bytes > maxBytes) do
    local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
    redis.call('XDEL', stream, oldest[1])
    redis.call('ZREM', ids, field(oldest[2], 'id'))
    bytes = redis.call('DECRBY', bytesKey, tonumber(field(oldest[2], 'size')))
    length = length - 1
end
return position
