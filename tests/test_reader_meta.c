/* test_reader_meta.c - the organization name and the assessment date:
 * labels, values to the right or below, date serials (1900 and 1904
 * systems, the phantom 1900-02-29), date texts, and the fallback to the
 * workbook's docProps/core.xml modification date. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "isomm/isomm.h"
#include "read/read.h"


static char *write_book(const char *name, const fx_isomm *o)
{
    char *path = fx_path(dir, name);
    fx_isomm with = *o;
    with.in_level[0] = 3; /* a table without selections gives a warning */
    assert_int_equal(fx_write_isomm(path, cat, &with), 0);
    return path;
}

static void test_samples(void **state)
{
    (void)state;
    static const struct {
        const char *path, *org, *date;
    } cases[] = {
        {"samples/alpha-manufacturing.xlsx", "株式会社アルファ製作所", "2024-03-15"},
        {"samples/beta-finance.xlsx", "ベータ銀行", "2024-03-29"},
        {"samples/gamma-retail.xlsx", "ガンマ商事", "2024-02-20"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        isomm_assessment *a = assessment_ok(cases[i].path);
        assert_string_equal(a->organization, cases[i].org);
        assert_string_equal(a->date, cases[i].date);
        assert_string_equal(a->date_source, "sheet");
        isomm_assessment_free(a);
    }
}

static void test_serials(void **state)
{
    (void)state;
    char d[11];
    assert_int_equal(ooxml_serial_date(1, 0, d), 0);
    assert_string_equal(d, "1900-01-01");
    assert_int_equal(ooxml_serial_date(59, 0, d), 0);
    assert_string_equal(d, "1900-02-28");
    assert_int_equal(ooxml_serial_date(60, 0, d), -1); /* 1900-02-29 never was */
    assert_int_equal(ooxml_serial_date(61, 0, d), 0);
    assert_string_equal(d, "1900-03-01");
    assert_int_equal(ooxml_serial_date(25569, 0, d), 0);
    assert_string_equal(d, "1970-01-01");
    assert_int_equal(ooxml_serial_date(45366.75, 0, d), 0); /* time dropped */
    assert_string_equal(d, "2024-03-15");
    assert_int_equal(ooxml_serial_date(45351, 0, d), 0);
    assert_string_equal(d, "2024-02-29");
    assert_int_equal(ooxml_serial_date(2958465, 0, d), 0);
    assert_string_equal(d, "9999-12-31");
    assert_int_equal(ooxml_serial_date(2958466, 0, d), -1);
    assert_int_equal(ooxml_serial_date(0, 0, d), -1);
    assert_int_equal(ooxml_serial_date(-5, 0, d), -1);
    assert_int_equal(ooxml_serial_date(43904, 1, d), 0); /* 1904 system */
    assert_string_equal(d, "2024-03-15");
    assert_int_equal(ooxml_serial_date(1, 1, d), 0);
    assert_string_equal(d, "1904-01-02");
}

static void test_date_texts(void **state)
{
    (void)state;
    static const struct {
        const char *text, *date;
    } ok[] = {
        {"2024/03/29", "2024-03-29"},   {"2024-03-29", "2024-03-29"},
        {"2024.3.9", "2024-03-09"},     {"2024年3月29日", "2024-03-29"},
        {"２０２４／０３／２９", "2024-03-29"}, {" 2024/3/29 (金) ", "2024-03-29"},
        {"2024-03-29T10:00:00", "2024-03-29"}, {"2024/03/29 10:00", "2024-03-29"},
        {"R6.3.29", "2024-03-29"},      {"令和6年3月29日", "2024-03-29"},
        {"令和元年5月1日", "2019-05-01"}, {"H31.4.30", "2019-04-30"},
        {"2024/02/29", "2024-02-29"},
    };
    char d[11];
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (reader_parse_date(ok[i].text, d) != 0)
            fail_msg("'%s' not parsed", ok[i].text);
        assert_string_equal(d, ok[i].date);
    }
    static const char *const bad[] = {
        "", "未定", "2024/13/01", "2023/02/29", "2024/03/290", "24/03/29",
        "2024", "2024/03", "3/29", "R0.1.1", "12345",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (reader_parse_date(bad[i], d) == 0)
            fail_msg("'%s' parsed as %s", bad[i], d);
}

static void test_labels(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.org_label = "会社名：";
    o.org = "  デルタ電機株式会社 ";
    o.date_label = "実施日";
    o.date_serial = 45366;
    o.meta_below = 1;
    char *path = write_book("below.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    assert_string_equal(a->organization, "デルタ電機株式会社");
    assert_string_equal(a->date, "2024-03-15");
    assert_string_equal(a->date_source, "sheet");
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);

    fx_isomm_init(&o);
    o.org_label = "団体名";
    o.org = "イプシロン協会";
    o.date_label = "記入日";
    o.date_text = "令和6年3月29日";
    path = write_book("era.xlsx", &o);
    a = assessment_ok(path);
    assert_string_equal(a->organization, "イプシロン協会");
    assert_string_equal(a->date, "2024-03-29");
    assert_string_equal(a->date_source, "sheet");
    isomm_assessment_free(a);
    free(path);

    /* Label and value in one cell, as this project's summary writes them. */
    fx_isomm_init(&o);
    o.org_label = "組織名：オメガ工業";
    o.date_label = "評価日　2024-03-15";
    path = write_book("inline.xlsx", &o);
    a = assessment_ok(path);
    assert_string_equal(a->organization, "オメガ工業");
    assert_string_equal(a->date, "2024-03-15");
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);

    /* An instruction is not a value: no date, no warning. */
    fx_isomm_init(&o);
    o.date_label = "評価日 を記入してください";
    o.created = 1711962000;
    path = write_book("instruction.xlsx", &o);
    a = assessment_ok(path);
    assert_string_equal(a->date_source, "file");
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);
}

static void test_file_date(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.created = 1711962000; /* 2024-04-01T09:00:00Z */
    char *path = write_book("nodate.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    assert_null(a->organization);
    assert_string_equal(a->date, "2024-04-01");
    assert_string_equal(a->date_source, "file");
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);

    /* A date label whose value is not a date: a warning naming the cell,
     * then the file's date. */
    fx_isomm_init(&o);
    o.created = 1711962000;
    o.date_label = "評価日";
    o.date_text = "未定";
    path = write_book("baddate.xlsx", &o);
    a = assessment_ok(path);
    assert_string_equal(a->date, "2024-04-01");
    assert_string_equal(a->date_source, "file");
    assert_int_equal(a->warnings.count, 1);
    assert_non_null(strstr(a->warnings.items[0], "基本情報!B5 (評価日): '未定' is not a date"));
    assert_non_null(strstr(a->warnings.items[0], "file's modification date"));
    isomm_assessment_free(a);
    free(path);
}

static void test_date1904(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.date_label = "評価日";
    o.date_serial = 43904;
    char *src = write_book("d1900.xlsx", &o);
    char *wb = fx_read_part(src, "xl/workbook.xml");
    assert_non_null(wb);
    const char *at = strstr(wb, "<workbookPr");
    assert_non_null(at);
    size_t head = (size_t)(at - wb) + strlen("<workbookPr");
    size_t n = strlen(wb) + 32;
    char *edited = malloc(n);
    snprintf(edited, n, "%.*s date1904=\"1\"%s", (int)head, wb, wb + head);
    fx_part part = {"xl/workbook.xml", edited, 0};
    char *path = fx_path(dir, "d1904.xlsx");
    assert_int_equal(fx_rezip(src, path, &part, 1), 0);
    isomm_assessment *a = assessment_ok(path);
    assert_string_equal(a->date, "2024-03-15");
    isomm_assessment_free(a);
    a = assessment_ok(src);
    assert_string_equal(a->date, "2020-03-14"); /* the same serial, 1900 system */
    isomm_assessment_free(a);
    free(edited);
    free(wb);
    free(path);
    free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_serials),
        cmocka_unit_test(test_date_texts),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_file_date),
        cmocka_unit_test(test_date1904),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
