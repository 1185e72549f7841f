//! The packs compiled into the binary, so that Afterword works with no setup.

/// (file name, contents) of every built-in pack, in the order they are offered.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "post-session.toml",
        include_str!("../../prompts/post-session.toml"),
    ),
    ("quick.toml", include_str!("../../prompts/quick.toml")),
    ("rupture.toml", include_str!("../../prompts/rupture.toml")),
    (
        "countertransference.toml",
        include_str!("../../prompts/countertransference.toml"),
    ),
    ("couples.toml", include_str!("../../prompts/couples.toml")),
    ("culture.toml", include_str!("../../prompts/culture.toml")),
    ("stalled.toml", include_str!("../../prompts/stalled.toml")),
    (
        "supervision.toml",
        include_str!("../../prompts/supervision.toml"),
    ),
    (
        "self-care.toml",
        include_str!("../../prompts/self-care.toml"),
    ),
];
