-- wrk script: GET with a different user per request: PREFIX-(i * STRIDE) for a random i in 0 .. USERS-1.
local users = tonumber(os.getenv("USERS") or "1000")
local stride = tonumber(os.getenv("STRIDE") or "1")
local prefix = os.getenv("PREFIX") or "seed"
math.randomseed(os.time())
request = function()
  return wrk.format("GET", wrk.path .. "?user_id=" .. prefix .. "-" .. math.random(0, users - 1) * stride)
end
