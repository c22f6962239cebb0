/* labels.c - JSON keys and the textbook's Japanese labels for enums. */
#include "isomm/portfolio.h"

#include <string.h>

#include "core/core.h"

const char *isomm_side_key(isomm_side side)
{
    switch (side) {
    case ISOMM_SIDE_INSOURCE: return "insource";
    case ISOMM_SIDE_OUTSOURCE: return "outsource";
    case ISOMM_SIDE_COMBINED: return "combined";
    case ISOMM_SIDE_UNASSIGNED: return "unassigned";
    case ISOMM_SIDE_NULL: break;
    }
    return NULL;
}

const char *isomm_side_label(isomm_side side)
{
    switch (side) {
    case ISOMM_SIDE_INSOURCE: return "インソース";
    case ISOMM_SIDE_OUTSOURCE: return "アウトソース";
    case ISOMM_SIDE_COMBINED: return "併用";
    case ISOMM_SIDE_UNASSIGNED: return "未割り当て";
    case ISOMM_SIDE_NULL: break;
    }
    return "";
}

const char *isomm_role_state_key(isomm_role_state state)
{
    switch (state) {
    case ISOMM_ROLE_SCORED: return "scored";
    case ISOMM_ROLE_DECLINED: return "declined";
    case ISOMM_ROLE_BLANK: break;
    }
    return "blank";
}

const char *isomm_recommendation_key(isomm_recommendation rec)
{
    switch (rec) {
    case ISOMM_REC_NOT_REQUIRED: return "not-required";
    case ISOMM_REC_BASIC: return "basic";
    case ISOMM_REC_STANDARD: return "standard";
    case ISOMM_REC_ADVANCED: return "advanced";
    case ISOMM_REC_OPTIONAL: return "optional";
    case ISOMM_REC_NULL: break;
    }
    return NULL;
}

const char *isomm_recommendation_label(isomm_recommendation rec)
{
    switch (rec) {
    case ISOMM_REC_NOT_REQUIRED: return "不要";
    case ISOMM_REC_BASIC: return "ベーシック";
    case ISOMM_REC_STANDARD: return "スタンダード";
    case ISOMM_REC_ADVANCED: return "アドバンスド";
    case ISOMM_REC_OPTIONAL: return "オプション";
    case ISOMM_REC_NULL: break;
    }
    return "";
}

const char *isomm_merge_key(isomm_merge merge)
{
    switch (merge) {
    case ISOMM_MERGE_MAX: return "max";
    case ISOMM_MERGE_MEAN: return "mean";
    case ISOMM_MERGE_MIN: break;
    }
    return "min";
}

isomm_error isomm_merge_parse(const char *text, isomm_merge *out, char *errbuf)
{
    static const isomm_merge all[] = {ISOMM_MERGE_MIN, ISOMM_MERGE_MAX,
                                      ISOMM_MERGE_MEAN};
    for (size_t i = 0; text && out && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(text, isomm_merge_key(all[i])) == 0) {
            *out = all[i];
            return ISOMM_OK;
        }
    return core_fail(errbuf, ISOMM_ERR_ARG, "'%s' is not min, max or mean",
                     text ? text : "(none)");
}
