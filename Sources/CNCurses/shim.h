#ifndef ASSOCMON_CNCURSES_SHIM_H
#define ASSOCMON_CNCURSES_SHIM_H

/* The module map links ncursesw without pkg-config's -D flags, so the wide-character API is requested here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Globals and macros do not import into Swift 6 safely: read them through functions. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int cn_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int cn_color_pair(int n) { return (int)COLOR_PAIR(n); }

static inline unsigned int cn_a_normal(void) { return (unsigned int)A_NORMAL; }
static inline unsigned int cn_a_bold(void) { return (unsigned int)A_BOLD; }
static inline unsigned int cn_a_reverse(void) { return (unsigned int)A_REVERSE; }
static inline unsigned int cn_a_underline(void) { return (unsigned int)A_UNDERLINE; }
static inline unsigned int cn_a_dim(void) { return (unsigned int)A_DIM; }

static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_up(void) { return KEY_UP; }
static inline int cn_key_down(void) { return KEY_DOWN; }
static inline int cn_key_left(void) { return KEY_LEFT; }
static inline int cn_key_right(void) { return KEY_RIGHT; }
static inline int cn_key_npage(void) { return KEY_NPAGE; }
static inline int cn_key_ppage(void) { return KEY_PPAGE; }
static inline int cn_key_home(void) { return KEY_HOME; }
static inline int cn_key_end(void) { return KEY_END; }
static inline int cn_key_btab(void) { return KEY_BTAB; }
static inline int cn_key_enter(void) { return KEY_ENTER; }
static inline int cn_key_backspace(void) { return KEY_BACKSPACE; }
static inline int cn_key_mouse(void) { return KEY_MOUSE; }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_err(void) { return ERR; }


/* stdio's streams are C globals (not concurrency-safe in Swift 6): hand them over through functions. */
static inline FILE *cn_stdout(void) { return stdout; }
static inline FILE *cn_stdin(void) { return stdin; }

/* The locale's codeset ("UTF-8" or not), after setlocale(LC_ALL, ""). */
static inline const char *cn_codeset(void) { return nl_langinfo(CODESET); }

/* Attributes + colour pair for the next writes, and one run of wide characters at (y, x). */
static inline int cn_set_attr(WINDOW *w, unsigned int attrs, int pair) {
    return wattr_set(w, (attr_t)attrs, (NCURSES_PAIRS_T)pair, NULL);
}
static inline int cn_put(WINDOW *w, int y, int x, const wchar_t *s, int n) { return mvwaddnwstr(w, y, x, s, n); }

/* Mouse: button-1 presses/clicks only (--mouse); the last event's cell. */
static inline unsigned long cn_enable_mouse(void) {
    mmask_t old = 0;
    return (unsigned long)mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, &old);
}
static inline int cn_get_click(int *y, int *x) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    if (!(e.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))) return 0;
    *y = e.y; *x = e.x;
    return 1;
}


/* Whether the terminfo database knows `term` (checked before anything binds a port); leaves no state behind.
   term.h comes last: its capability macros must not leak into the declarations above. */
#include <ncursesw/term.h>
static inline int cn_terminfo_exists(const char *term) {
    int err = 0;
    TERMINAL *saved = cur_term;
    if (setupterm(term, 1, &err) != OK) return 0;
    TERMINAL *probe = set_curterm(saved);
    if (probe != NULL && probe != saved) del_curterm(probe);
    return 1;
}

#endif
