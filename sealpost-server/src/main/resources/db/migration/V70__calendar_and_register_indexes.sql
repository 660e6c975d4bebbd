-- Working-day calendar (第二十八条 timeliness) and the indexes the registers search by (issue 7).

-- Exceptions to "Monday to Friday are working days": public holidays that fall on a weekday
-- (HOLIDAY) and the weekend days worked instead (WORKDAY, 调休). Maintained on the calendar page.
CREATE TABLE calendar_day (
    cal_day     DATE         NOT NULL PRIMARY KEY,
    kind        VARCHAR(10)  NOT NULL,               -- HOLIDAY or WORKDAY
    name        VARCHAR(100) NOT NULL,               -- 春节, 国庆节调休上班 …
    changed_by  VARCHAR(64)  NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT calendar_day_kind CHECK (kind IN ('HOLIDAY', 'WORKDAY'))
);

-- Demo default: the State Council's 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知).
-- Weekend days inside a holiday are off anyway and are listed only for the page's completeness.
INSERT INTO calendar_day (cal_day, kind, name, changed_by, changed_at) VALUES
    (DATE '2026-01-01', 'HOLIDAY', '元旦', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-01-02', 'HOLIDAY', '元旦', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-01-03', 'HOLIDAY', '元旦', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-01-04', 'WORKDAY', '元旦调休上班', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-14', 'WORKDAY', '春节调休上班', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-15', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-16', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-17', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-18', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-19', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-20', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-21', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-22', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-23', 'HOLIDAY', '春节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-02-28', 'WORKDAY', '春节调休上班', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-04-04', 'HOLIDAY', '清明节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-04-05', 'HOLIDAY', '清明节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-04-06', 'HOLIDAY', '清明节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-05-01', 'HOLIDAY', '劳动节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-05-02', 'HOLIDAY', '劳动节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-05-03', 'HOLIDAY', '劳动节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-05-04', 'HOLIDAY', '劳动节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-05-05', 'HOLIDAY', '劳动节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-05-09', 'WORKDAY', '劳动节调休上班', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-06-19', 'HOLIDAY', '端午节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-06-20', 'HOLIDAY', '端午节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-06-21', 'HOLIDAY', '端午节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-09-20', 'WORKDAY', '国庆节调休上班', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-09-25', 'HOLIDAY', '中秋节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-09-26', 'HOLIDAY', '中秋节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-09-27', 'HOLIDAY', '中秋节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-10-01', 'HOLIDAY', '国庆节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-10-02', 'HOLIDAY', '国庆节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-10-03', 'HOLIDAY', '国庆节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-10-04', 'HOLIDAY', '国庆节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-10-05', 'HOLIDAY', '国庆节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-10-06', 'HOLIDAY', '国庆节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-10-07', 'HOLIDAY', '国庆节', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08'),
    (DATE '2026-10-10', 'WORKDAY', '国庆节调休上班', 'system', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+08');

-- Registers: a unit's received register newest first, its sent register newest first, and the
-- office's view of every unit; the sent register counts signatures and returns per document.
CREATE INDEX delivery_register ON delivery (unit_code, delivered_at DESC, id DESC);
CREATE INDEX delivery_all_units ON delivery (delivered_at DESC, id DESC);
CREATE INDEX document_sent_register ON document (sender_unit, sent_at DESC, id);
CREATE INDEX document_sent_all_units ON document (sent_at DESC, id);
CREATE INDEX delivery_event_document ON delivery_event (document_id, event);
-- Supervision reads one period's events of every unit.
CREATE INDEX delivery_event_time ON delivery_event (occurred_at, event);
