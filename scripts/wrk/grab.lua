-- wrk script for scripts/bench.sh http-wrk and scripts/bench-cost.sh: every request grabs an envelope of ENVELOPE_ID
-- as the next of the users whose tokens are in TOKENS_FILE (one per line), so each user grabs once while tokens last.
-- Counts 201 apart from other statuses.
-- Env: TOKENS_FILE; ENVELOPE_ID, one id or several separated by commas (user i grabs envelope i mod their count:
-- load spread over many envelopes and wallets); WRK_THREADS (= wrk -t, default 2): thread k takes users k, k+T,
-- k+2T, ... so threads never share a user.

local tokens = {}
local envelope = os.getenv("ENVELOPE_ID")
local thread_count = 0
local threads = {}

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  threads_total = tonumber(os.getenv("WRK_THREADS") or "2")
  next_index = thread_index + 1
  paths = {}
  for id in string.gmatch(envelope, "[^,]+") do paths[#paths + 1] = "/envelopes/" .. id .. "/grabs" end
  created, other, wrapped = 0, 0, 0
end

function request()
  local token = tokens[next_index]
  if token == nil then
    -- Out of distinct users: wrap (repeat grabs then answer 200 alreadyGrabbed, counted as "other").
    next_index = thread_index + 1
    token = tokens[next_index]
    wrapped = wrapped + 1
  end
  local path = paths[(next_index - 1) % #paths + 1]
  next_index = next_index + threads_total
  return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. token, ["Content-Length"] = "0" }, nil)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local c, o, w = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
    w = w + t:get("wrapped")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT granted=%d other=%d seconds=%.2f granted_per_s=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d socket_errors=%d tokens_wrapped=%d\n",
    c, o, seconds, c / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, w))
end
