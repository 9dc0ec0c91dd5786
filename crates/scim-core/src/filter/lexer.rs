//! Splits filter text into tokens: punctuation, words (attribute paths and keywords, told
//! apart by the parser from their position), JSON strings and JSON numbers.

use serde_json::Number;

use super::error::{FilterError, FilterErrorKind};

/// One token of filter text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `.` outside a word (Entra's `emails[type eq "work"].value`).
    Dot,
    /// An attribute path or a keyword (`and`, `eq`, `true`, ...), as written.
    Word(&'a str),
    /// A JSON string, escapes decoded.
    Str(String),
    /// A JSON number.
    Number(Number),
    /// The end of the text.
    End,
}

/// A token and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned<'a> {
    pub token: Token<'a>,
    pub start: usize,
}

/// A lexer over filter text, producing one token at a time.
#[derive(Debug)]
pub(crate) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'$'
}

fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':' | b'$')
}

fn err<T>(position: usize, kind: FilterErrorKind) -> Result<T, FilterError> {
    Err(FilterError::at(position, kind))
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0 }
    }

    fn peek_byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// The next token, skipping whitespace.
    pub fn next_token(&mut self) -> Result<Spanned<'a>, FilterError> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek_byte(self.pos) {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(b) = self.peek_byte(start) else {
            return Ok(Spanned {
                token: Token::End,
                start,
            });
        };
        let token = match b {
            b'(' => self.punct(Token::LParen),
            b')' => self.punct(Token::RParen),
            b'[' => self.punct(Token::LBracket),
            b']' => self.punct(Token::RBracket),
            b'.' => self.punct(Token::Dot),
            b'"' => Token::Str(self.string(start)?),
            b'-' | b'0'..=b'9' => Token::Number(self.number(start)?),
            b if is_word_start(b) => {
                let mut end = start + 1;
                while self.peek_byte(end).is_some_and(is_word_char) {
                    end += 1;
                }
                self.pos = end;
                // Every byte of the word is ASCII, so both ends are character boundaries.
                Token::Word(self.text.get(start..end).unwrap_or_default())
            }
            _ => {
                let c = self.text.get(start..).and_then(|s| s.chars().next());
                return err(
                    start,
                    FilterErrorKind::UnexpectedCharacter(c.unwrap_or(char::REPLACEMENT_CHARACTER)),
                );
            }
        };
        Ok(Spanned { token, start })
    }

    fn punct(&mut self, token: Token<'a>) -> Token<'a> {
        self.pos += 1;
        token
    }

    /// A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, not followed
    /// by a word character.
    fn number(&mut self, start: usize) -> Result<Number, FilterError> {
        let invalid = || FilterError::at(start, FilterErrorKind::InvalidNumber);
        let digits = |from: usize| {
            let mut end = from;
            while self.peek_byte(end).is_some_and(|b| b.is_ascii_digit()) {
                end += 1;
            }
            end
        };
        let mut i = start;
        if self.peek_byte(i) == Some(b'-') {
            i += 1;
        }
        match self.peek_byte(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits(i),
            _ => return Err(invalid()),
        }
        let mut integral = true;
        if self.peek_byte(i) == Some(b'.') {
            let end = digits(i + 1);
            if end == i + 1 {
                return Err(invalid());
            }
            i = end;
            integral = false;
        }
        if let Some(b'e' | b'E') = self.peek_byte(i) {
            i += 1;
            if let Some(b'+' | b'-') = self.peek_byte(i) {
                i += 1;
            }
            let end = digits(i);
            if end == i {
                return Err(invalid());
            }
            i = end;
            integral = false;
        }
        if self.peek_byte(i).is_some_and(is_word_char) {
            return Err(invalid());
        }
        let text = self.text.get(start..i).ok_or_else(invalid)?;
        self.pos = i;
        if integral {
            let parsed = if text.starts_with('-') {
                text.parse::<i64>().ok().map(Number::from)
            } else {
                text.parse::<u64>().ok().map(Number::from)
            };
            if let Some(n) = parsed {
                return Ok(n);
            }
        }
        text.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .ok_or_else(invalid)
    }

    /// A JSON string starting at the quote at `start`, escapes decoded.
    fn string(&mut self, start: usize) -> Result<String, FilterError> {
        let bytes = self.text.as_bytes();
        let mut out = String::new();
        let mut i = start + 1;
        let mut segment = i;
        loop {
            let Some(&b) = bytes.get(i) else {
                return err(start, FilterErrorKind::UnterminatedString);
            };
            match b {
                b'"' => {
                    out.push_str(self.text.get(segment..i).unwrap_or_default());
                    self.pos = i + 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(segment..i).unwrap_or_default());
                    let (c, len) = self.escape(i)?;
                    out.push(c);
                    i += len;
                    segment = i;
                }
                0..=0x1f => return err(i, FilterErrorKind::ControlCharacter),
                _ => i += 1,
            }
        }
    }

    /// The escape starting at the backslash at `at`: the character and the escape's length.
    fn escape(&self, at: usize) -> Result<(char, usize), FilterError> {
        let invalid = || FilterError::at(at, FilterErrorKind::InvalidEscape);
        let c = match self.peek_byte(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = self.hex4(at + 2).ok_or_else(invalid)?;
                return match unit {
                    0xD800..=0xDBFF => {
                        let low = (self.peek_byte(at + 6) == Some(b'\\')
                            && self.peek_byte(at + 7) == Some(b'u'))
                        .then(|| self.hex4(at + 8))
                        .flatten()
                        .filter(|u| (0xDC00..=0xDFFF).contains(u))
                        .ok_or_else(|| FilterError::at(at, FilterErrorKind::UnpairedSurrogate))?;
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(code).map(|c| (c, 12)).ok_or_else(invalid)
                    }
                    0xDC00..=0xDFFF => err(at, FilterErrorKind::UnpairedSurrogate),
                    _ => char::from_u32(unit).map(|c| (c, 6)).ok_or_else(invalid),
                };
            }
            _ => return Err(invalid()),
        };
        Ok((c, 2))
    }

    /// Four hex digits at `at`, as a number.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.as_bytes().get(at..at + 4)?;
        digits.iter().try_fold(0u32, |acc, &b| {
            let d = char::from(b).to_digit(16)?;
            Some(acc * 16 + d)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Result<Vec<Token<'_>>, FilterError> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token()?;
            if t.token == Token::End {
                return Ok(out);
            }
            out.push(t.token);
        }
    }

    fn string(text: &str) -> Result<String, FilterError> {
        match tokens(text)?.as_slice() {
            [Token::Str(s)] => Ok(s.clone()),
            other => panic!("not one string: {other:?}"),
        }
    }

    fn number(text: &str) -> Result<Number, FilterError> {
        match tokens(text)?.as_slice() {
            [Token::Number(n)] => Ok(n.clone()),
            other => panic!("not one number: {other:?}"),
        }
    }

    #[test]
    fn splits_words_punctuation_and_literals() {
        assert_eq!(
            tokens(r#"emails[type eq "work"].value"#).unwrap(),
            vec![
                Token::Word("emails"),
                Token::LBracket,
                Token::Word("type"),
                Token::Word("eq"),
                Token::Str("work".into()),
                Token::RBracket,
                Token::Dot,
                Token::Word("value"),
            ]
        );
        assert_eq!(
            tokens("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
                .unwrap(),
            vec![Token::Word(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
            )]
        );
    }

    #[test]
    fn decodes_every_json_escape() {
        assert_eq!(
            string(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#).unwrap(),
            "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti"
        );
        assert_eq!(string(r#""\u00e9\u00C9""#).unwrap(), "éÉ");
        assert_eq!(string(r#""\ud83d\ude00!""#).unwrap(), "😀!");
        assert_eq!(string(r#""plain é""#).unwrap(), "plain é");
    }

    #[test]
    fn refuses_bad_strings_at_the_right_place() {
        let kind = |t: &str| string(t).unwrap_err();
        assert_eq!(
            kind(r#""abc"#),
            FilterError::at(0, FilterErrorKind::UnterminatedString)
        );
        assert_eq!(
            kind(r#""a\x""#),
            FilterError::at(2, FilterErrorKind::InvalidEscape)
        );
        assert_eq!(
            kind(r#""a\u12g4""#),
            FilterError::at(2, FilterErrorKind::InvalidEscape)
        );
        assert_eq!(
            kind(r#""\u+123""#),
            FilterError::at(1, FilterErrorKind::InvalidEscape)
        );
        assert_eq!(
            kind(r#""\ud83d""#),
            FilterError::at(1, FilterErrorKind::UnpairedSurrogate)
        );
        assert_eq!(
            kind(r#""\ude00""#),
            FilterError::at(1, FilterErrorKind::UnpairedSurrogate)
        );
        assert_eq!(
            kind("\"a\tb\""),
            FilterError::at(2, FilterErrorKind::ControlCharacter)
        );
    }

    #[test]
    fn reads_json_numbers_exactly() {
        assert_eq!(number("42").unwrap(), Number::from(42u64));
        assert_eq!(number("-7").unwrap(), Number::from(-7i64));
        assert_eq!(number("0").unwrap(), Number::from(0u64));
        assert_eq!(
            number("18446744073709551615").unwrap(),
            Number::from(u64::MAX)
        );
        assert_eq!(number("2.5").unwrap().as_f64(), Some(2.5));
        assert_eq!(number("-1.5e3").unwrap().as_f64(), Some(-1500.0));
        assert_eq!(number("1E-2").unwrap().as_f64(), Some(0.01));
        assert!(number("1.0").unwrap().is_f64());
    }

    #[test]
    fn refuses_malformed_numbers() {
        for bad in ["01", "1.", "-", "1e", "1e+", "12abc", "1.5.2", "1e999"] {
            assert!(tokens(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn reports_unknown_characters() {
        assert_eq!(
            tokens("userName eq 'x'").unwrap_err(),
            FilterError::at(12, FilterErrorKind::UnexpectedCharacter('\''))
        );
        assert_eq!(
            tokens("a é").unwrap_err(),
            FilterError::at(2, FilterErrorKind::UnexpectedCharacter('é'))
        );
    }
}
