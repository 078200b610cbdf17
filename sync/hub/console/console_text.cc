#include "sync/hub/console/console_text.h"

#include "sync/hub/console/form_data.h"

namespace lk::hub::console {
namespace {

struct Entry {
  const char* key;
  const char* zh;
  const char* en;
};

constexpr Entry kTexts[] = {
    {"app_title", "社区学习中心管理台", "Learning Centres Console"},
    {"switch_lang", "English", "中文"},
    {"nav_today", "今日概况", "Today"},
    {"nav_devices", "签到机", "Kiosks"},
    {"nav_catalogue", "课程目录", "Catalogue"},
    {"nav_export", "导出", "Export"},
    {"nav_audit", "操作记录", "Audit log"},
    {"logout", "退出", "Log out"},
    {"login_title", "登录", "Log in"},
    {"login_name", "账号", "Login"},
    {"password", "密码", "Password"},
    {"login_button", "登录", "Log in"},
    {"login_failed", "账号或密码不正确。", "Wrong login or password."},
    {"login_locked", "尝试次数过多，账号已暂时锁定，请在以下时间后再试：", "Too many attempts. The account is locked until"},
    {"attempts_left", "剩余尝试次数：", "Attempts left:"},
    {"role_city", "全市", "City"},
    {"role_district", "区", "District"},
    {"role_centre", "学习中心", "Centre"},
    {"signed_in_as", "当前账号", "Signed in as"},
    {"forbidden", "您无权查看此页面。", "You may not see this page."},
    {"not_found", "找不到该页面。", "No such page."},
    {"bad_request", "请求有误：", "Bad request:"},
    {"session_expired", "表单已过期，请返回重试。", "The form has expired; go back and try again."},
    {"centre", "学习中心", "Centre"},
    {"centres", "学习中心", "Centres"},
    {"district", "区", "District"},
    {"checkins_today", "今日签到", "Check-ins today"},
    {"same_day_last_week", "上周同日", "Same day last week"},
    {"kiosks", "签到机", "Kiosks"},
    {"running_now", "正在进行的课程", "Sessions running now"},
    {"none_running", "目前没有正在进行的课程。", "No session is running now."},
    {"full", "已满", "Full"},
    {"attention", "需要关注", "Needs attention"},
    {"all_well", "一切正常。", "All is well."},
    {"silent_centres", "超过 15 分钟无消息的学习中心", "Centres silent for over 15 minutes"},
    {"backlog", "有待上传记录的签到机", "Kiosks with a backlog"},
    {"clock_skew", "时钟偏差超过 2 分钟", "Clock off by over 2 minutes"},
    {"old_version", "版本较旧", "Old app version"},
    {"daily_checkins", "近 30 天每日签到", "Daily check-ins, last 30 days"},
    {"date", "日期", "Date"},
    {"checkins", "签到人次", "Check-ins"},
    {"learners", "学员人数", "Learners"},
    {"credit_hours", "学时", "Credit hours"},
    {"live_note", "每 10 秒自动刷新", "Updates every 10 seconds"},
    {"updated_at", "更新于", "Updated"},
    {"sessions_of_day", "当日课程", "Sessions on"},
    {"session", "课次", "Session"},
    {"time", "时间", "Time"},
    {"count", "人数", "Count"},
    {"capacity", "名额", "Capacity"},
    {"unlimited", "不限", "no limit"},
    {"roster", "签到名单", "Roster"},
    {"learner", "学员卡号", "Learner"},
    {"kind", "类型", "Kind"},
    {"flags", "标记", "Flags"},
    {"device", "签到机", "Kiosk"},
    {"reveal", "显示卡号", "Show id"},
    {"reveal_note", "显示完整卡号会被记录。", "Showing a full id is recorded in the audit log."},
    {"no_records", "暂无签到记录。", "No check-ins yet."},
    {"by_category", "按课程类别", "By category"},
    {"by_course", "按课程", "By course"},
    {"category", "类别", "Category"},
    {"course", "课程", "Course"},
    {"period", "时间段", "Period"},
    {"from", "从", "From"},
    {"to", "到", "To"},
    {"show", "查看", "Show"},
    {"last_heartbeat", "最近心跳", "Last heartbeat"},
    {"last_push", "最近联系", "Last contact"},
    {"queue", "待传记录", "Queue"},
    {"oldest_pending", "最早待传", "Oldest pending"},
    {"version", "版本", "Version"},
    {"skew", "时钟偏差", "Clock skew"},
    {"state", "状态", "State"},
    {"online", "在线", "Online"},
    {"silent", "无消息", "Silent"},
    {"revoked", "已停用", "Revoked"},
    {"never", "从未", "never"},
    {"revoke", "停用", "Revoke"},
    {"revoke_confirm", "确定停用这台签到机吗？停用后它将无法上传记录，需要重新登记。",
     "Revoke this kiosk? It can no longer push records until it is enrolled again."},
    {"revoke_yes", "确定停用", "Yes, revoke"},
    {"cancel", "取消", "Cancel"},
    {"revoked_done", "签到机已停用：", "Kiosk revoked:"},
    {"enroll_code", "登记码", "Enrolment code"},
    {"issue_code", "生成登记码", "Issue an enrolment code"},
    {"code_expires", "有效期至", "Valid until"},
    {"code_note", "在新签到机上输入此登记码。此码只能使用一次。", "Type this code on the new kiosk. It works once."},
    {"catalogue_upload", "上传课程目录（JSON）", "Upload a catalogue (JSON)"},
    {"catalogue_file", "文件", "File"},
    {"catalogue_text", "或粘贴内容", "or paste it"},
    {"preview", "预览变更", "Preview changes"},
    {"apply", "应用", "Apply"},
    {"added", "新增", "Added"},
    {"changed", "修改", "Changed"},
    {"removed", "删除", "Removed"},
    {"unchanged", "未变", "Unchanged"},
    {"catalogue_error", "课程目录有误", "The catalogue has an error"},
    {"unshowable_heading", "以下文字含有签到机无法显示的字符（生僻字、表情符号等），签到机上将显示为 □：",
     "These texts have characters a kiosk cannot show (rare characters, emoji and the like); a kiosk draws them as □:"},
    {"field_name", "名称", "name"},
    {"field_title", "标题", "title"},
    {"field_summary", "简介", "summary"},
    {"field_teacher", "教师", "teacher"},
    {"field_room", "教室", "room"},
    {"catalogue_applied", "课程目录已更新，签到机下次同步时获取。", "Catalogue applied; kiosks get it on their next pull."},
    {"export_title", "导出签到数据（CSV）", "Export attendance (CSV)"},
    {"export_scope", "范围", "Scope"},
    {"export_kind", "内容", "Contents"},
    {"export_records", "每条签到记录", "Every record"},
    {"export_summary", "每节课汇总", "Summary per session"},
    {"download", "下载", "Download"},
    {"all_centres", "全部", "All"},
    {"centre_id_hint", "学习中心编号", "Centre id"},
    {"audit_title", "操作记录", "Audit log"},
    {"who", "操作人", "Who"},
    {"action", "操作", "Action"},
    {"target", "对象", "Target"},
    {"detail", "详情", "Detail"},
    {"address", "来源地址", "From"},
    {"filter", "筛选", "Filter"},
    {"older", "更早", "Older"},
    {"minutes_ago", "分钟前", "min ago"},
    {"just_now", "刚刚", "just now"},
    {"on_the_hub", "（服务器命令行）", "(hub command line)"},
    {"kind_checkin", "签到", "check-in"},
    {"kind_void", "撤销", "void"},
    {"kind_correction", "更正", "correction"},
    {"more_sessions", "另有更多课程", "more sessions"},
    {"more_alerts", "条其他提醒", "more alerts"},
    {"attention_only", "只看需要处理的", "Needing attention only"},
    {"device_range", "显示第 {from}–{to} 台，共 {total} 台", "Kiosks {from}–{to} of {total}"},
    {"prev_page", "上一页", "Previous"},
    {"next_page", "下一页", "Next"},
};

nlohmann::json Table(Language lang) {
  nlohmann::json t = nlohmann::json::object();
  for (const Entry& e : kTexts) t[e.key] = lang == Language::kZh ? e.zh : e.en;
  return t;
}

}  // namespace

Language RequestLang(const HttpRequest& req) {
  std::string asked = req.query_value("lang");
  if (asked.empty()) asked = CookieValue(req.header("cookie"), "lk_lang");
  if (asked == "en") return Language::kEn;
  if (asked == "zh") return Language::kZh;
  return req.header("accept-language").rfind("en", 0) == 0 ? Language::kEn : Language::kZh;
}

const nlohmann::json& Texts(Language lang) {
  static const nlohmann::json zh = Table(Language::kZh), en = Table(Language::kEn);
  return lang == Language::kZh ? zh : en;
}

std::string Text(Language lang, const std::string& key) { return Texts(lang).value(key, key); }

}  // namespace lk::hub::console
