"""Hostile feeds, written by the project: control sequences in every field, markup, shell
metacharacters, XML bombs, giant and malformed inputs. Each builder returns feed bytes."""

from __future__ import annotations

ESC = "\x1b"
# Every kind of terminal trick, in one string: CSI colour and screen clear, OSC window title,
# OSC 52 clipboard write, OSC 8 hyperlink, DCS, APC, single-byte CSI and OSC (C1), bell,
# backspace, bidi override and isolate, NUL.
TERMINAL_TRICKS = (
    f"{ESC}[31mred{ESC}[0m {ESC}[2J{ESC}[H {ESC}]0;pwned-title\x07 "
    f"{ESC}]52;c;cHduZWQ=\x07 {ESC}]8;;http://evil.example/\x07link{ESC}]8;;\x07 "
    f"{ESC}Pdcs-payload{ESC}\\ {ESC}_apc-payload{ESC}\\ \x9b31m \x9d0;c1-title\x07 "
    "\x07\x08 \u202eevil\u202c \u2066iso\u2069 nul\x00end"
)
FORBIDDEN = (
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n"]
    + [chr(0x7F)]
    + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
MARKUP_TITLE = "[@click=app.quit]Read me[/] [bold red]loud[/] [link=http://x]x[/link]"
SHELL_TITLE = "$(touch /tmp/feedlens-pwned) `id` ; rm -rf ~ | cat & echo"


def _xml_escape(text: str) -> str:
    # Raw control characters are not allowed in XML 1.0; feeds carry them as character
    # references (which parsers expand) or raw (which lax parsers keep). Use references.
    out = []
    for ch in text:
        if ch in "&<>":
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;"}[ch])
        elif (ord(ch) < 0x20 and ch not in "\t\n") or 0x7F <= ord(ch) < 0xA0:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def tricks_rss() -> bytes:
    t = _xml_escape(TERMINAL_TRICKS)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>Feed {t}</title><link>https://tricks.example/{t}</link>"
        f"<item><title>Title {t}</title><link>https://tricks.example/a?{t}</link>"
        f"<guid>guid-{t}</guid><dc:creator>Author {t}</dc:creator>"
        f'<enclosure url="https://tricks.example/file{t}.mp3" type="audio/mpeg" length="1"/>'
        f'<description>&lt;p&gt;Body {t} with 4,500 workers&lt;/p&gt;&lt;a href="https://x.example/{t}"&gt;l&lt;/a&gt;</description>'
        "</item></channel></rss>"
    ).encode()


def raw_tricks_rss() -> bytes:
    """The same tricks as raw bytes (not character references): lax parsers keep them."""
    return (
        '<rss version="2.0"><channel><title>Raw '
        + TERMINAL_TRICKS.replace("\x00", "")
        + "</title><item><title>Raw "
        + TERMINAL_TRICKS.replace("\x00", "")
        + "</title><guid>r1</guid><description>Raw body "
        + TERMINAL_TRICKS.replace("\x00", "")
        + "</description></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")


def markup_rss() -> bytes:
    m = _xml_escape(MARKUP_TITLE)
    s = _xml_escape(SHELL_TITLE)
    return (
        '<rss version="2.0"><channel>'
        f"<title>{m}</title><item><title>{m}</title><guid>m1</guid>"
        f"<link>https://markup.example/$(reboot)</link><description>{m}</description></item>"
        f"<item><title>{s}</title><guid>m2</guid><link>https://markup.example/`id`;x|y&amp;z</link>"
        "<description>shell</description></item></channel></rss>"
    ).encode()


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol "lol">']
    for level in range(1, 10):
        previous = "lol" if level == 1 else f"lol{level - 1}"
        entities.append(f'<!ENTITY lol{level} "{("&" + previous + ";") * 10}">')
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(entities)}]>'
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "<guid>b</guid></item></channel></rss>"
    ).encode()


def quadratic_blowup() -> bytes:
    big = "A" * 100_000
    refs = "&big;" * 20_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{big}">]>'
        f'<rss version="2.0"><channel><title>{refs}</title><item><title>x</title>'
        f"<guid>q</guid><description>{refs}</description></item></channel></rss>"
    ).encode()


def external_entity(target: str) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY ext SYSTEM "{target}">]>'
        '<rss version="2.0"><channel><title>&ext;</title><item><title>&ext;</title>'
        "<guid>e</guid></item></channel></rss>"
    ).encode()


def external_dtd() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">'
        b'<rss version="2.0"><channel><title>&evil;</title><item><title>t</title>'
        b"<guid>d</guid></item></channel></rss>"
    )


def huge_title(megabytes: int = 10) -> bytes:
    return (
        b'<rss version="2.0"><channel><title>Big</title><item><guid>h</guid><title>'
        + b"T" * (megabytes * 1024 * 1024)
        + b"</title></item></channel></rss>"
    )


def many_entries(count: int = 100_000) -> bytes:
    items = "".join(
        f"<item><guid>g{i}</guid><title>Entry {i}</title><description>"
        f"Item {i} reports {i} workers.</description></item>"
        for i in range(count)
    )
    return f'<rss version="2.0"><channel><title>Many</title>{items}</channel></rss>'.encode()


def deep_html() -> bytes:
    html = "&lt;div&gt;" * 10_000 + "deep text" + "&lt;/div&gt;" * 10_000
    return (
        f'<rss version="2.0"><channel><title>Deep</title><item><guid>d</guid>'
        f"<title>Deep</title><description>{html}</description></item></channel></rss>"
    ).encode()


def invalid_utf8() -> bytes:
    return (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bad '
        b"\xff\xfe\xc3\x28 bytes</title><item><guid>u</guid><title>Caf\xe9 \x80\x81</title>"
        b"</item></channel></rss>"
    )


def nul_bytes() -> bytes:
    return (
        b'<rss version="2.0"><channel><title>N\x00U\x00L</title><item><guid>n</guid>'
        b"<title>a\x00b</title><description>c\x00d</description></item></channel></rss>"
    )


def utf16_without_bom() -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel>'
        "<title>Sixteen</title><item><guid>s</guid><title>Ünïcode title</title></item>"
        "</channel></rss>"
    ).encode("utf-16-le")


def odd_dates() -> bytes:
    dates = [
        "Mon, 01 Jan 0000 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "not a date",
        "2026-13-45T99:99:99Z",
        "",
        "-1",
    ]
    items = "".join(
        f"<item><guid>d{i}</guid><title>Date {i}</title><pubDate>{d}</pubDate></item>"
        for i, d in enumerate(dates)
    )
    return f'<rss version="2.0"><channel><title>Dates</title>{items}</channel></rss>'.encode()


def duplicate_guids() -> bytes:
    return (
        b'<rss version="2.0"><channel><title>Dupes</title>'
        b"<item><guid>same</guid><title>First</title></item>"
        b"<item><guid>same</guid><title>Second</title></item>"
        b"<item><title>No guid</title></item></channel></rss>"
    )
