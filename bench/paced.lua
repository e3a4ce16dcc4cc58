-- wrk script: a fixed overall rate with arrivals spread out. Each connection pauses a random,
-- exponentially distributed time before each request (BENCH_RATE req/s over BENCH_CONNS
-- connections), so requests arrive like independent users' rather than in synchronized bursts.
-- wrk times a request from when it is sent, so the pause is not counted as latency.
-- Optional: BENCH_TOKEN (bearer), BENCH_METHOD and BENCH_BODY (a JSON body).
local rate = tonumber(os.getenv("BENCH_RATE"))
local conns = tonumber(os.getenv("BENCH_CONNS"))
local mean_ms = 1000 * conns / rate

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.body = os.getenv("BENCH_BODY")
if wrk.body == "" then wrk.body = nil end
if wrk.body then wrk.headers["Content-Type"] = "application/json" end
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + seed)
end

function delay()
  return math.floor(-mean_ms * math.log(1 - math.random()))
end
