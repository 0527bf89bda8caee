"""Every sentence the answering layer says to a user, in Vietnamese and English.

One home for the wording, so the CLI, the page and the API say the same thing.
A refusal never repeats anything from the question: a figure planted in a
question must not come back out of the assistant's mouth.
"""

from __future__ import annotations

# A refusal names the topic asked (its words, never its figures) when there is one.
NOT_FOUND_ABOUT = {
    "vi": "Báo cáo không có thông tin về «{topic}». "
          "Bạn có thể hỏi về một số liệu khác, hoặc xem bảng «Số liệu».",
    "en": "The report has no information about “{topic}”.",
}

NOT_FOUND = {
    "vi": "Báo cáo không có thông tin để trả lời câu hỏi này. "
          "Bạn có thể hỏi về một số liệu khác, hoặc xem bảng «Số liệu».",
    "en": "The report has no information that answers this question.",
}

# Something close was found, but not what was asked: say so, and offer what is there.
NEAR_MISS = {
    "vi": "Báo cáo không nói trực tiếp điều bạn hỏi. Báo cáo có số liệu cho những câu hỏi gần đó:",
    "en": "The report does not say that directly. It does answer these related questions:",
}

# A question about another province or city than the knowledge base covers.
OTHER_PLACE = {
    "vi": "Báo cáo chỉ nói về {scope}, không có số liệu về {place}.",
    "en": "The report covers {scope} only; it has no figures for {place}.",
}

# A question about one country workers went to, when no document names it.
OTHER_COUNTRY = {
    "vi": "Báo cáo không có số liệu riêng về {place}; báo cáo chỉ nêu tổng số của {scope}.",
    "en": "The report has no figures for {place} on its own; it gives {scope}'s totals only.",
}

DOCUMENT_FACT = {
    "vi": {
        "author": "Tác giả của bài: {value} [{n}].",
        "publisher": "Bài đăng trên {value} [{n}].",
        "date": "Bài đăng ngày {value} [{n}].",
        "url": "Bài gốc: {value} [{n}].",
    },
    "en": {
        "author": "The article is by {value} [{n}].",
        "publisher": "It was published by {value} [{n}].",
        "date": "It was published on {value} [{n}].",
        "url": "The original article: {value} [{n}].",
    },
}

# Said before the cited answer: a yes/no question gets its yes or no first; a question that assumed
# the wrong direction of a change is told so. Never repeats the user's own figure.
LEAD = {
    "vi": {"yes": "Đúng. ", "no": "Không đúng, báo cáo ghi khác. ", "not_up": "Báo cáo không nói tăng. ",
           "not_down": "Báo cáo không nói giảm. "},
    "en": {"yes": "Yes. ", "no": "No, the report says otherwise. ", "not_up": "The report does not say it rose. ",
           "not_down": "The report does not say it fell. "},
}
