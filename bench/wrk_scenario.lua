-- wrk script for bench/web_path.py.
-- Arguments: <mode> <learners file> <run nonce>
--   mode "get:<path>": GET <path> as each learner in turn.
--   mode "post:<path>": POST <path> (the learner's CSRF token and a note), then GET <path>; the two
--     alternate (bench/plain_page_app.py's plain write).
--   mode "answer": POST /study/answer (a flashcard rated Good, a fresh submission key each time),
--     then GET /study/ (the next item) as the same learner; the two alternate.
-- The learners file has one learner a line: cookie<TAB>csrf token<TAB>flashcard question id.
-- done() prints one line of JSON that web_path.py reads.

local learners = {}
local mode, nonce
local counter = 0

function init(args)
  mode = args[1]
  nonce = args[3]
  for line in io.lines(args[2]) do
    local cookie, token, question = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
    learners[#learners + 1] = {cookie = cookie, token = token, question = question}
  end
end

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  counter = counter + 1
  if mode == "answer" then
    local learner = learners[(math.floor(counter / 2) % #learners) + 1]
    if counter % 2 == 0 then
      local body = "csrf_token=" .. urlencode(learner.token)
        .. "&question_id=" .. urlencode(learner.question)
        .. "&submission_key=" .. nonce .. string.format("%016x", counter)
        .. "&shown_at=&sections=&rating=3"
      return wrk.format("POST", "/study/answer", {
        ["Cookie"] = learner.cookie,
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }, body)
    end
    return wrk.format("GET", "/study/", {["Cookie"] = learner.cookie})
  end
  if mode:sub(1, 5) == "post:" then
    local learner = learners[(math.floor(counter / 2) % #learners) + 1]
    if counter % 2 == 0 then
      return wrk.format("POST", mode:sub(6), {
        ["Cookie"] = learner.cookie,
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }, "csrf_token=" .. urlencode(learner.token) .. "&note=" .. nonce .. string.format("%016x", counter))
    end
    return wrk.format("GET", mode:sub(6), {["Cookie"] = learner.cookie})
  end
  local learner = learners[(counter % #learners) + 1]
  return wrk.format("GET", mode:sub(5), {["Cookie"] = learner.cookie})
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d, "non_2xx_3xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
