//! The one error type of the library: what stops the work (as opposed to findings, which are
//! data). Every variant maps to exit code 2. Messages name the place in the input (line and
//! column, or a JSON pointer) and say what to do; the CLI adds the file name.

/// What stops the work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input cannot be read as a document: not UTF-8, not JSON, duplicate keys, too deep,
    /// no or an unknown `format` tag, or a shape that breaks its JSON Schema.
    #[error("{message}")]
    Unreadable {
        /// Stable finding code, e.g. `not-json`.
        code: &'static str,
        /// Where: `line 3, column 5` or a JSON pointer.
        location: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// The questionnaire cannot be found in the catalog.
    #[error("{0}")]
    QuestionnaireNotFound(String),
    /// A questionnaire that cannot be used (duplicate ids, broken references).
    #[error("{0}")]
    BadQuestionnaire(String),
    /// Two columns could hold the answers and nothing decides between them; the message shows
    /// the layout file that chooses.
    #[error("{0}")]
    Ambiguous(String),
    /// A bid whose signature is missing or bad, refused before it was read (`--require-signed`).
    #[error("{message}")]
    Unsigned {
        /// Missing or invalid.
        state: crate::score::SignatureState,
        /// What is wrong and what to do.
        message: String,
    },
    /// Anything else given that cannot be used (a bad argument value).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// The stable code of the error, as used in findings.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Unreadable { code, .. } => code,
            Error::QuestionnaireNotFound(_) => "questionnaire-not-found",
            Error::BadQuestionnaire(_) => "bad-questionnaire",
            Error::Ambiguous(_) => "ambiguous-layout",
            Error::Unsigned { .. } => "unsigned",
            Error::Invalid(_) => "invalid-input",
        }
    }

    /// Where in the input, when known.
    pub fn location(&self) -> &str {
        match self {
            Error::Unreadable { location, .. } => location,
            _ => "",
        }
    }
}

/// Result with the library's error.
pub type Result<T> = std::result::Result<T, Error>;
