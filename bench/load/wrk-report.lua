-- wrk script for the benchmarks (bench/wrk.ts): sends the headers given in
-- the environment and prints one parseable line when the run ends.
--   BENCH_AUTHORIZATION  the Authorization header (absent: none)
--   BENCH_FORWARDED_FOR  the X-Forwarded-For header (absent: none)
local authorization = os.getenv("BENCH_AUTHORIZATION")
local forwarded_for = os.getenv("BENCH_FORWARDED_FOR")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
if forwarded_for and forwarded_for ~= "" then
  wrk.headers["X-Forwarded-For"] = forwarded_for
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d bytes=%d connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f\n",
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
