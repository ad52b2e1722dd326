-- The figures of lead-report (every section, default options) in plain
-- SQL for the sqlite3 shell, from the events rather than the aggregates
-- the lead rows keep.  scripts/bench-report times it against lead-report.
--   sqlite3 -cmd '.parameter set @now T' [-cmd '.parameter set @by month'] \
--       DB '.read scripts/report.sql'
-- @now: the time it is (unix seconds); @by: none (the default), source,
-- owner, cadence or month (UTC months; lead-report takes the file's zone).
-- Not here: speed's working-hours split ("in" and "out" rows): it needs
-- each lead's zone, the working hours and holidays of the cadence file,
-- which plain SQL cannot do.  The constants are the built-in cadence
-- file's: min_attempts 5, speed_to_lead target 5m, value 0, its channels.
-- Merged leads' events are not followed into the survivor.
.mode tabs
.headers on
-- (Not temp_store = MEMORY: changing it drops the parameters.)
PRAGMA temp.cache_size = -1000000;

-- One row per lead: its attempts, first attempt and first contact from
-- its events; k is its group (the funnel's: source unless @by says).
CREATE TEMP TABLE p AS
SELECT l.id, l.created, l.status, l.value, l.due_at, l.lost_reason,
    coalesce(nullif(CASE @by WHEN 'owner' THEN l.owner
        WHEN 'cadence' THEN l.cadence
        WHEN 'month' THEN strftime('%Y-%m', l.created, 'unixepoch')
        ELSE l.source END, ''), '(none)') AS k,
    count(*) FILTER (WHERE e.touch > 0) AS att,
    min(e.at) FILTER (WHERE e.touch > 0) AS fa,
    min(e.at) FILTER (WHERE e.touch = 2) AS fc,
    count(*) FILTER (WHERE e.touch > 0 AND e.at <= l.closed_at) AS won_on
FROM leads l LEFT JOIN events e ON e.lead_id = l.id
WHERE l.merged_into IS NULL
GROUP BY l.id;
CREATE TEMP TABLE opt AS SELECT @by IS NOT NULL AS grouped;
-- "all" and, when grouped, each group; the funnel is always by group.
CREATE TEMP VIEW a AS SELECT 'all' AS g, * FROM p
    UNION ALL SELECT k, * FROM p WHERE (SELECT grouped FROM opt);
CREATE TEMP VIEW f AS SELECT 'all' AS g, * FROM p
    UNION ALL SELECT k, * FROM p;

-- Speed to lead: nearest-rank median and 90th percentile, ceil(p * n),
-- row_number() in the order of each measure, n its count.
WITH c AS (SELECT g, count(*) AS leads, count(fa) AS attempted,
        count(fc) AS reached, count(*) - count(fa) AS never_attempted,
        count(*) FILTER (WHERE fa - created <= 300) AS w5,
        count(*) FILTER (WHERE fa - created <= 900) AS w15,
        count(*) FILTER (WHERE fa - created <= 3600) AS w60,
        count(*) FILTER (WHERE fa - created <= 86400) AS w1440
    FROM a GROUP BY g),
d AS (SELECT g, 0 AS m, max(fa - created, 0) AS d FROM a
        WHERE fa IS NOT NULL
    UNION ALL SELECT g, 1, max(fc - created, 0) FROM a
        WHERE fc IS NOT NULL),
r AS (SELECT g, m, d, row_number() OVER (PARTITION BY g, m ORDER BY d)
        AS rn FROM d),
q AS (SELECT g,
        max(CASE WHEN m = 0 AND rn = (attempted * 50 + 99) / 100 THEN d END)
            AS a50,
        max(CASE WHEN m = 0 AND rn = (attempted * 90 + 99) / 100 THEN d END)
            AS a90,
        max(CASE WHEN m = 1 AND rn = (reached * 50 + 99) / 100 THEN d END)
            AS c50,
        max(CASE WHEN m = 1 AND rn = (reached * 90 + 99) / 100 THEN d END)
            AS c90
    FROM r JOIN c USING (g) GROUP BY g)
SELECT 'speed' AS section, g AS "group", 'all' AS hours, leads, attempted,
    reached, never_attempted, w5 AS attempted_within_5m,
    w15 AS attempted_within_15m, w60 AS attempted_within_1h,
    w1440 AS attempted_within_24h, a50 AS median_first_attempt_s,
    a90 AS p90_first_attempt_s, c50 AS median_first_contact_s,
    c90 AS p90_first_contact_s
FROM c LEFT JOIN q USING (g) ORDER BY g <> 'all', g;

-- Where leads leak: stalled is open with nothing due or a day overdue.
SELECT 'leak' AS section, g AS "group", count(*) AS leads,
    count(*) - count(fa) AS never_attempted,
    count(*) - count(fc) AS never_reached,
    count(*) FILTER (WHERE att = 1 AND (status = 'lost' OR
        (status = 'active' AND (coalesce(due_at, 0) = 0 OR
        due_at < @now - 86400)))) AS gave_up_after_1,
    count(*) FILTER (WHERE att BETWEEN 1 AND 4 AND status = 'active' AND
        (coalesce(due_at, 0) = 0 OR due_at < @now - 86400))
        AS stopped_before_n,
    5 AS n,
    printf('%.2f', total(coalesce(value, 0)) FILTER (WHERE fa IS NULL))
        AS value_never_attempted
FROM a GROUP BY g ORDER BY g <> 'all', g;

-- Persistence: leads and wins by attempts, and the attempt won on.
WITH b(b, attempts) AS (VALUES (1, '1'), (2, '2'), (3, '3'), (4, '4'),
        (5, '5'), (6, '6'), (7, '7'), (8, '8+')),
x AS (SELECT g, min(att, 8) AS b, count(*) AS leads,
        count(*) FILTER (WHERE status = 'won') AS won
    FROM a WHERE att >= 1 GROUP BY 1, 2),
y AS (SELECT g, min(won_on, 8) AS b, count(*) AS won_on
    FROM a WHERE status = 'won' AND won_on >= 1 GROUP BY 1, 2),
gs AS (SELECT DISTINCT g FROM a)
SELECT 'persistence' AS section, gs.g AS "group", b.attempts,
    coalesce(x.leads, 0) AS leads, coalesce(x.won, 0) AS won,
    coalesce(y.won_on, 0) AS won_on,
    CASE WHEN x.leads > 0 THEN printf('%.4f', 1.0 * x.won / x.leads) END
        AS conversion_rate
FROM gs CROSS JOIN b LEFT JOIN x ON x.g = gs.g AND x.b = b.b
    LEFT JOIN y ON y.g = gs.g AND y.b = b.b
ORDER BY gs.g <> 'all', gs.g, b.b;

-- Outcomes, and the lost reasons (most frequent first).
SELECT 'outcomes' AS section, g AS "group", count(*) AS leads,
    sum(status = 'active') AS open, sum(status = 'won') AS won,
    sum(status = 'lost') AS lost, sum(status = 'dnc') AS dnc,
    printf('%.4f', avg(status = 'active')) AS open_rate,
    printf('%.4f', avg(status = 'won')) AS won_rate,
    printf('%.4f', avg(status = 'lost')) AS lost_rate,
    printf('%.4f', avg(status = 'dnc')) AS dnc_rate
FROM a GROUP BY g ORDER BY g <> 'all', g;
SELECT 'outcomes' AS section, 'all' AS "group",
    coalesce(nullif(lost_reason, ''), '(none)') AS lost_reason,
    count(*) AS lost
FROM p WHERE status = 'lost' GROUP BY 3 ORDER BY 4 DESC, 3;

-- Backlog: due now by owner and the channel of the step (the lead rows:
-- what is due is not a figure of past events), then the breaches.
WITH ch(cadence, step, channel) AS (VALUES ('new-lead', 1, 'call'),
        ('new-lead', 2, 'email'), ('new-lead', 3, 'call'),
        ('new-lead', 4, 'call'), ('new-lead', 5, 'email'),
        ('new-lead', 6, 'call'), ('new-lead', 7, 'mail'),
        ('new-lead', 8, 'call'), ('new-lead', 9, 'email'),
        ('nurture', 1, 'email'), ('nurture', 2, 'call'),
        ('after-quote', 1, 'call'), ('after-quote', 2, 'email'),
        ('after-quote', 3, 'call'), ('after-quote', 4, 'call'))
SELECT 'backlog' AS section, coalesce(nullif(l.owner, ''), '(none)')
        AS "group",
    coalesce(CASE WHEN coalesce(l.booked_at, 0) <> l.due_at
        THEN ch.channel END, 'call') AS channel,
    count(*) AS due, count(*) FILTER (WHERE l.due_at < @now - 3600)
        AS overdue
FROM leads l LEFT JOIN ch ON ch.cadence = l.cadence
    AND ch.step = l.step
WHERE l.due_at <= @now AND l.status = 'active' AND l.merged_into IS NULL
GROUP BY 2, 3 ORDER BY 2 || char(9) || 3;
SELECT 'backlog' AS section, g AS "group", count(*) AS leads,
    count(*) FILTER (WHERE coalesce(fa, @now) - created > 300)
        AS speed_to_lead_breaches,
    300 AS target_s
FROM a GROUP BY g ORDER BY g <> 'all', g;

-- The funnel, by group.
SELECT 'funnel' AS section, g AS "group", count(*) AS leads,
    count(fa) AS attempted, count(fc) AS reached,
    sum(status = 'won') AS won,
    printf('%.4f', 1.0 * count(fa) / count(*)) AS attempted_rate,
    printf('%.4f', 1.0 * count(fc) / count(*)) AS reached_rate,
    printf('%.4f', avg(status = 'won')) AS won_rate
FROM f GROUP BY g ORDER BY g <> 'all', g;
