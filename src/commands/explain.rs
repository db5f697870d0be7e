//! `customimage explain RULE`: a rule's documentation, as its file's doc comment says it.

use clap::Args;

use super::{Error, Outcome};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule name, such as `registry-mismatch`.
    pub rule: String,
}

pub fn run(args: &ExplainArgs) -> Result<Outcome, Error> {
    let Some(rule) = crate::rules::Rule::from_name(&args.rule) else {
        let names: Vec<&str> = crate::rules::Rule::ALL.iter().map(|r| r.name()).collect();
        let suggestion = crate::suggest::closest(&args.rule, names.iter().copied())
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(Error::usage(format!(
            "no rule named `{}`.{suggestion}\nRules: {}",
            args.rule,
            names.join(", ")
        )));
    };
    let fix = match crate::fix::fix_summary(rule.name()) {
        Some(_) => "available (`lint --fix`, `lint --diff`)",
        None => "not available",
    };
    crate::redact::print_stdout(&format!(
        "{}\nDefault severity: {}\nFix: {fix}\n",
        rule.doc(),
        rule.severity().as_str()
    ));
    Ok(Outcome::Success)
}
