-- The baseline's grab, atomic in one script: a user takes the next pre-split share of an envelope at most once.
-- KEYS[1]: the envelope's list of shares (fen), split beforehand; KEYS[2]: the set of users who grabbed;
-- KEYS[3]: the list of grants still to settle (credit to wallets). ARGV[1]: the user.
-- Returns the share in fen, -1 when the user already grabbed, -2 when no share is left.
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  return -1
end
local share = redis.call('LPOP', KEYS[1])
if not share then
  return -2
end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('RPUSH', KEYS[3], ARGV[1] .. ':' .. share)
return tonumber(share)
