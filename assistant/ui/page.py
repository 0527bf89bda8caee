"""The page's look and its few lines of script: system fonts, Vietnamese labels, no network.

Nothing here loads from outside the machine: no web fonts, no CDN, no
analytics. Gradio's own labels come from its English dictionary whatever the
browser's language (it ships no Vietnamese one), so the English entries the
page shows are replaced by Vietnamese ones.
"""

from __future__ import annotations

import gradio as gr

from assistant.ui.figure_table import LINK_PREFIX
from assistant.ui.render import CITE_PREFIX
from assistant.ui.source_panel import BACK_TO_PASSAGE, MARK_ID, WHOLE_DOCUMENT

TITLE = "Trợ lý hỏi đáp báo cáo Sở LĐ-TB&XH"
# Gradio's login page gets neither our labels nor our script, so its English
# field names are spelled out here.
# The login page shows nothing when a throttled login is refused (HTTP 429), so the
# rule is told here, before anyone meets it.
LOGIN_MESSAGE = (f"**{TITLE}** — vui lòng đăng nhập: điền tên đăng nhập (username) và mật khẩu "
                 "(password), rồi bấm «Login». Sau nhiều lần nhập sai mật khẩu, hệ thống tạm không nhận "
                 "đăng nhập trong ít phút (bấm «Login» sẽ không có tác dụng): xin chờ rồi thử lại, hoặc liên "
                 "hệ cán bộ phụ trách.")

# Flat keys take precedence over Gradio's nested English entries.
GRADIO_LABELS = {
    "chatbot.retry": "Hỏi lại",
    "chatbot.undo": "Hoàn tác",
    "chatbot.like": "Hữu ích",
    "chatbot.dislike": "Chưa đúng / chưa hữu ích",
    "chatbot.clear": "Xoá cuộc trò chuyện",
    "chatbot.copy_message": "Sao chép",
    "chatbot.copied_message": "Đã sao chép",
    "chatbot.edit": "Sửa",
    "chatbot.submit": "Gửi",
    "chatbot.cancel": "Huỷ",
    "chatbot.complete": "Xong",
    "common.clear": "Xoá",
    "common.or": "hoặc",
    "common.remove": "Bỏ",
    "common.download": "Tải xuống",
    "upload_text.drop_file": "Kéo tệp vào đây",
    "upload_text.click_to_upload": "Bấm để chọn tệp",
    "common.loading": "Đang tải",
    "common.error": "Lỗi",
    "common.empty": "Trống",
    "common.submit": "Gửi",
    "common.settings": "Cài đặt",
    "common.built_with_gradio": "Xây dựng với Gradio",
    "common.built_with": "xây dựng với",
    "common.language": "Ngôn ngữ",
    "common.display_theme": "Giao diện",
    "errors.use_via_api": "Dùng qua API",
    "errors.use_via_api_or_mcp": "Dùng qua API",
    "status.queue_position": "Đang chờ: thứ {position}/{size}",
    "blocks.lost_connection": "Mất kết nối, đang kết nối lại…",
    "blocks.connection_can_break": "Trên điện thoại, kết nối có thể bị ngắt khi chuyển sang ứng dụng khác.",
    "login.login": "Đăng nhập",
    "login.username": "tên đăng nhập",
    "login.password": "mật khẩu",
    "login.incorrect_credentials": "Sai tên đăng nhập hoặc mật khẩu",
    "login.enable_cookies": "Vui lòng bật cookie để đăng nhập.",
}


def i18n() -> gr.I18n:
    return gr.I18n(en=GRADIO_LABELS)


def theme() -> gr.themes.Base:
    # System fonts only (the default theme would fetch a Google font); a blue
    # that keeps white button text above 4.5:1 contrast.
    return gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        neutral_hue=gr.themes.colors.slate,
        font=["system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
    ).set(
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        body_text_color_subdued="*neutral_600",
    )


# Clicks on citation, table and panel links become a click event of the source
# panel (`trigger` belongs to its gr.HTML). The listener is installed once for
# the whole document and always calls the panel's latest `trigger`.
PANEL_JS = f"""
window.__assistantShowSource = (href) => trigger('click', {{ href }});
if (!window.__assistantLinksReady) {{
  window.__assistantLinksReady = true;
  const wanted = 'a[href^="{CITE_PREFIX}"], a[href^="{LINK_PREFIX}"], '
               + 'a[href="{WHOLE_DOCUMENT}"], a[href="{BACK_TO_PASSAGE}"]';
  document.addEventListener('click', (event) => {{
    const link = event.target.closest ? event.target.closest(wanted) : null;
    if (!link) return;
    event.preventDefault();
    window.__assistantShowSource(link.getAttribute('href'));
  }}, true);
}}
watch('value', () => {{
  const marked = element.querySelector('#{MARK_ID}');
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight - 80) element.scrollIntoView({{ block: 'start' }});
  const whole = element.querySelector('.toan-van');
  if (marked && whole) whole.scrollTop = marked.offsetTop - whole.offsetTop - whole.clientHeight / 3;
}});
"""

HEAD = """
<meta name="description" content="Hỏi đáp về báo cáo chính thức, mỗi số liệu kèm trích dẫn nguồn.">
<script>
(() => {
  // The page is Vietnamese whatever the browser's language; Gradio would set lang="en".
  const root = document.documentElement;
  const keep = () => { if (root.lang !== 'vi') root.lang = 'vi'; };
  keep();
  new MutationObserver(keep).observe(root, { attributes: true, attributeFilter: ['lang'] });
})();
</script>
"""

CSS = """
.gradio-container { max-width: 1200px !important; margin: 0 auto; }
#tieu-de h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
#tieu-de p { margin: 0; color: var(--body-text-color-subdued); }
.tra-loi p, .cau-hoi { margin: 0; line-height: 1.55; }
.tra-loi .ghi-chu { font-style: italic; margin-top: .4rem; }
a.cite, #nguon-panel .nguon-lien-ket a, #bang-so-lieu .so-lieu a { color: #1d4ed8 !important; }
.dark a.cite, .dark #nguon-panel .nguon-lien-ket a, .dark #bang-so-lieu .so-lieu a { color: #93c5fd !important; }
a.cite { font-weight: 600; text-decoration: underline; text-underline-offset: 2px; cursor: pointer; }
a.cite:focus-visible, .nguon a:focus-visible, .so-lieu a:focus-visible {
  outline: 3px solid #f59e0b; outline-offset: 2px; }
.nguon-danh-sach { margin-top: .6rem; border-top: 1px solid var(--border-color-primary); padding-top: .4rem; }
.nguon-nhan { font-size: .85rem; color: var(--body-text-color-subdued); margin: .2rem 0; }
.nguon-chi-tiet { font-size: .85rem; color: var(--body-text-color-subdued); }
blockquote.nguon-doan { margin: .35rem 0; padding: .35rem .7rem; border-left: 4px solid #1d4ed8;
  background: var(--background-fill-secondary); color: var(--body-text-color); font-style: normal;
  line-height: 1.6; }
mark.trich-dan { background: #fde68a; color: #111827; padding: 0 .1em; border-radius: 2px; }
mark.trich-dan strong { font-weight: 700; text-decoration: underline; text-decoration-thickness: 2px; }
.thong-bao p { margin: 0; }
#nhac-nho:has(.prose:empty) { display: none; }
#o-cau-hoi .submit-button { background: var(--button-primary-background-fill); color: white; font-weight: 600; }
#o-cau-hoi .submit-button:hover { background: var(--button-primary-background-fill-hover); }
.canh-bao { color: var(--body-text-color); }
.dang-tra-loi p::after { content: " ▍"; animation: nhap-nhay 1s steps(1) infinite; }
@keyframes nhap-nhay { 50% { opacity: 0; } }
@media (prefers-reduced-motion: reduce) { .dang-tra-loi p::after { animation: none; } }
#nguon-panel .nguon { padding: .75rem 1rem; border: 1px solid var(--border-color-primary);
  border-radius: var(--radius-lg); background: var(--background-fill-primary); }
#nguon-panel .nguon-tieu-de { font-size: 1.05rem; margin: .2rem 0; }
#nguon-panel .nguon-lien-ket { margin: .5rem 0 0; }
#nguon-panel .nguon-lien-ket a, .so-lieu a { text-decoration: underline; }
#nguon-panel .nguon-luu-y { font-size: .85rem; border-left: 3px solid #b45309; padding-left: .5rem; }
#nguon-panel .toan-van { white-space: pre-wrap; max-height: 60vh; overflow-y: auto; line-height: 1.6;
  padding: .5rem; border: 1px solid var(--border-color-primary); border-radius: var(--radius-md);
  margin-top: .5rem; }
#nguon-panel .nguon-trong p { color: var(--body-text-color-subdued); margin: 0; }
@media (min-width: 900px) { #cot-nguon { position: sticky; top: .5rem; align-self: flex-start; } }
#gop-y { border: 1px solid var(--border-color-primary); border-radius: var(--radius-lg); padding: .5rem; }
#bang-so-lieu table.so-lieu { width: 100%; border-collapse: collapse; font-size: .95rem; border: 0 !important; }
#bang-so-lieu table.so-lieu th, #bang-so-lieu table.so-lieu td { text-align: left; vertical-align: top;
  padding: .45rem .5rem; border: 0 !important; border-bottom: 1px solid var(--border-color-primary) !important; }
#bang-so-lieu table.so-lieu tr, #bang-so-lieu table.so-lieu thead, #bang-so-lieu table.so-lieu tbody {
  border: 0 !important; }
#bang-so-lieu table.so-lieu thead th { border-bottom: 2px solid var(--border-color-accent, #1d4ed8) !important; }
#bang-so-lieu table.so-lieu td.so-lieu-so { font-weight: 700; white-space: nowrap; }
#bang-so-lieu table.so-lieu td:last-child { white-space: nowrap; }
.so-lieu-tom-tat { margin: .25rem 0 .5rem; }
.an { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 640px) {
  #bang-so-lieu table.so-lieu thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  #bang-so-lieu table.so-lieu tr { display: block; padding: .5rem 0;
    border-bottom: 1px solid var(--border-color-primary); }
  #bang-so-lieu table.so-lieu td { display: block; border: 0 !important; padding: .1rem 0; }
  #bang-so-lieu table.so-lieu td[data-label="Tài liệu"] { font-size: .85rem; color: var(--body-text-color-subdued); }
  .gradio-container { padding-left: .5rem !important; padding-right: .5rem !important; }
}
"""
