-- A fixed schedule for wrk's threads, loaded by the paced scripts (`dofile`): with the global
-- `interval` set (milliseconds between a thread's requests), each request waits for its slot
-- whatever the answers' latency, and a slot already past goes at once; without it, no wait.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } amity_timespec;
  int clock_gettime(int clock, amity_timespec *now);
]]
local clock = ffi.new("amity_timespec")
local function milliseconds()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

function delay()
  if not interval then return 0 end
  local now = milliseconds()
  slot = slot or now
  local wait = slot - now
  slot = slot + interval
  if wait > 0 then return wait end
  return 0
end
