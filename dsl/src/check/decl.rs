//! Declarations and handlers: config values, prompts, variables, listeners and the triggers of
//! handlers, lowered to their IR tables.

use super::Checker;
use super::args::ArgSet;
use super::prompt_files::{PromptFiles, PromptLookup, check_wav};
use super::scope::{BuiltinName, Named, builtin};
use super::ty::Ty;
use crate::ast::{self};
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use interpreter::ir::{self, LegRef, Value, ValueType};
use interpreter::verb;

/// Types a config value may have, and those a variable may have.
const CONFIG_TYPES: &[&str] = &["phone", "text", "int", "bool", "duration"];
const VAR_TYPES: &[&str] = &["phone", "text", "int", "bool", "duration", "leg"];

impl Checker<'_> {
    /// The value type a type reference names, with the longest encoding of such a value.
    fn value_type(&mut self, ty: &ast::TypeRef, allowed: &[&str]) -> Option<(ValueType, u32)> {
        let name = ty.name.name.as_str();
        let found = match name {
            "phone" => Some((ValueType::Phone, 18)),
            "int" => Some((ValueType::Int, 20)),
            "bool" => Some((ValueType::Bool, 5)),
            "duration" => Some((ValueType::Duration, 20)),
            "leg" => Some((ValueType::Leg, 3)),
            "text" => match ty.max_len {
                Some(n) => Some((
                    ValueType::Text,
                    ir::json_text_max_len(u32::try_from(n).unwrap_or(u32::MAX)),
                )),
                None if allowed.contains(&"leg") => {
                    self.report(
                        Problem::error(
                            Code::CheckUnboundedText,
                            "a text variable needs a maximum length",
                            ty.span,
                            "no maximum length",
                        )
                        .with_help("write `text(64)`: variables travel in the call's attributes, whose size is limited"),
                    );
                    return None;
                }
                None => Some((ValueType::Text, 0)),
            },
            _ => None,
        };
        match found {
            Some((vt, len)) if allowed.contains(&vt.as_str()) => {
                if ty.max_len.is_some() && vt != ValueType::Text {
                    self.report(Problem::error(
                        Code::CheckUnknownType,
                        format!("`{name}` takes no length"),
                        ty.span,
                        "only `text(N)` has a length",
                    ));
                }
                Some((vt, len.max(4)))
            }
            Some(_) => {
                self.report(
                    Problem::error(
                        Code::CheckUnknownType,
                        format!("a config value cannot be of type `{name}`"),
                        ty.name.span,
                        "not allowed here",
                    )
                    .with_help(format!("use one of: {}", allowed.join(", "))),
                );
                None
            }
            None => {
                let mut p = Problem::error(
                    Code::CheckUnknownType,
                    format!("unknown type `{name}`"),
                    ty.name.span,
                    "not a type",
                );
                p = match did_you_mean(name, allowed.iter().copied()) {
                    Some(s) => p.with_help(format!("did you mean `{s}`?")),
                    None => p.with_help(format!("the types are: {}", allowed.join(", "))),
                };
                self.report(p);
                None
            }
        }
    }

    pub(super) fn lower_config(&mut self) -> Vec<ir::ConfigItem> {
        let mut out = Vec::new();
        for c in self.scope.config.clone() {
            let ty = self
                .value_type(&c.ty, CONFIG_TYPES)
                .map_or(ValueType::Text, |(t, _)| t);
            if !c
                .env
                .name
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
            {
                self.report(
                    Problem::warning(
                        Code::CheckEnvName,
                        format!(
                            "`{}` is not a conventional environment variable name",
                            c.env.name
                        ),
                        c.env.span,
                        "expected upper case, digits and `_`",
                    )
                    .with_help(format!("write `{}`", c.env.name.to_ascii_uppercase())),
                );
            }
            let default = c
                .default
                .as_ref()
                .and_then(|d| self.constant(d, &Ty::Value(ty)));
            out.push(ir::ConfigItem {
                name: c.name.name.clone(),
                env: c.env.name.clone(),
                ty,
                default,
            });
        }
        out
    }

    pub(super) fn lower_prompts(&mut self, files: &dyn PromptFiles) -> Vec<ir::Prompt> {
        let mut out = Vec::new();
        for (entry, bucket) in self.scope.prompts.clone() {
            let bucket_id = match self.scope.value(&bucket.name) {
                Some(Named::Config(id)) => {
                    self.used_values.insert(Named::Config(id));
                    let is_text = self
                        .scope
                        .config
                        .get(usize::from(id))
                        .is_some_and(|c| c.ty.name.name == "text");
                    if !is_text {
                        self.report(Problem::error(
                            Code::CheckTypeMismatch,
                            "a prompt bucket must be a `text` config value",
                            bucket.span,
                            "not text",
                        ));
                    }
                    id
                }
                _ => {
                    self.unknown_value(bucket, "config value");
                    0
                }
            };
            let key = entry.file.value.clone();
            match files.lookup(&key) {
                PromptLookup::NotChecked => {}
                PromptLookup::Missing(path) => self.report(
                    Problem::error(
                        Code::CheckPromptFileMissing,
                        format!("the prompt file `{key}` does not exist"),
                        entry.file.span,
                        format!("looked for {path}"),
                    )
                    .with_help("add the file beside the flow, under `prompts/`, or fix the name"),
                ),
                PromptLookup::Found(bytes) => {
                    if let Err(why) = check_wav(&bytes) {
                        self.report(
                            Problem::error(
                                Code::CheckPromptFormat,
                                format!("the prompt file `{key}` cannot be played by the SMA"),
                                entry.file.span,
                                why,
                            )
                            .with_help("convert it: `sox IN.wav -r 8000 -c 1 -b 16 -e signed-integer OUT.wav`"),
                        );
                    }
                }
            }
            out.push(ir::Prompt {
                name: entry.name.name.clone(),
                bucket: bucket_id,
                key,
            });
        }
        out
    }

    pub(super) fn lower_vars(&mut self) -> Vec<ir::Var> {
        let mut out = Vec::new();
        for v in self.scope.vars.clone() {
            let (ty, max_len) = self
                .value_type(&v.ty, VAR_TYPES)
                .unwrap_or((ValueType::Text, 4));
            let init = match &v.init {
                None => Value::None,
                Some(e) => self.constant(e, &Ty::Value(ty)).unwrap_or(Value::None),
            };
            out.push(ir::Var {
                name: v.name.name.clone(),
                ty,
                init,
                max_len,
            });
        }
        out
    }

    pub(super) fn lower_listeners(&mut self) -> Vec<ir::Listener> {
        let mut out = Vec::new();
        for l in self.scope.listeners.clone() {
            let args = ArgSet::new(self, &verb::LISTENER, None, &l.args, l.name.span);
            let leg = args
                .target(self, "on")
                .unwrap_or(ir::Target::Leg(LegRef::A));
            let pattern = args.pattern(self, "pattern").unwrap_or_default();
            let between_ms = args.duration(self, "between").unwrap_or(0);
            let flush_ms = args.duration(self, "flush").unwrap_or(0);
            out.push(ir::Listener {
                name: l.name.name.clone(),
                leg,
                pattern,
                between_ms,
                flush_ms,
            });
        }
        out
    }

    /// A constant of type `ty`: a literal, or a leg name for a `leg`.
    pub(super) fn constant(&mut self, e: &ast::Expr, ty: &Ty) -> Option<Value> {
        let value = match (&e.kind, ty) {
            (ast::ExprKind::Name(n), Ty::Value(ValueType::Leg)) => match builtin(&n.name) {
                Some(BuiltinName::Leg(leg)) => Some(Value::Leg(leg)),
                _ => None,
            },
            (ast::ExprKind::Name(_), _) => None,
            _ => {
                let (lowered, found) = self.expr(e);
                if !found.fits(ty) {
                    self.mismatch(e.span, ty, &found);
                    return None;
                }
                match lowered {
                    ir::Expr::Lit(v) => Some(v),
                    _ => None,
                }
            }
        };
        if value.is_none() {
            self.report(
                Problem::error(
                    Code::CheckNotConstant,
                    "this must be a constant",
                    e.span,
                    format!("expected a {ty} written out"),
                )
                .with_help(
                    "write the value itself, such as `\"text\"`, `30s`, `+12065550100` or `caller`",
                ),
            );
        }
        value
    }

    pub(super) fn unknown_value(&mut self, name: &ast::Ident, what: &str) {
        let candidates: Vec<&str> = self.scope.value_names().collect();
        let mut p = Problem::error(
            Code::CheckUnknownName,
            format!("unknown {what} `{}`", name.name),
            name.span,
            "not defined",
        );
        if let Some(s) = did_you_mean(&name.name, candidates) {
            p = p.with_help(format!("did you mean `{s}`?"));
        }
        self.report(p);
    }

    pub(super) fn mismatch(&mut self, span: ast::Span, expected: &Ty, found: &Ty) {
        let mut p = Problem::error(
            Code::CheckTypeMismatch,
            format!("expected {expected}, found {found}"),
            span,
            format!("this is {found}"),
        );
        if *expected == Ty::BOOL {
            p = p.with_help(
                "a condition is true or false: compare the value, as in `caller.number == owner`",
            );
        } else if *found == Ty::Prompt {
            p = p.with_help("a prompt can only be played, not used as a value");
        } else if *expected == Ty::PHONE && *found == Ty::TEXT {
            p = p.with_help("turn digits into a number with `nanp(...)` or `e164(...)`");
        }
        self.report(p);
    }

    pub(super) fn report_unused(&mut self) {
        let mut unused: Vec<(ast::Span, String)> = Vec::new();
        for (i, c) in self.scope.config.iter().enumerate() {
            if u16::try_from(i).is_ok_and(|id| !self.used_values.contains(&Named::Config(id))) {
                unused.push((c.name.span, format!("config value `{}`", c.name.name)));
            }
        }
        for (i, (p, _)) in self.scope.prompts.iter().enumerate() {
            if u16::try_from(i).is_ok_and(|id| !self.used_values.contains(&Named::Prompt(id))) {
                unused.push((p.name.span, format!("prompt `{}`", p.name.name)));
            }
        }
        for (i, v) in self.scope.vars.iter().enumerate() {
            if u16::try_from(i).is_ok_and(|id| !self.used_values.contains(&Named::Var(id))) {
                unused.push((v.name.span, format!("variable `{}`", v.name.name)));
            }
        }
        for (i, l) in self.scope.listeners.iter().enumerate() {
            if u16::try_from(i).is_ok_and(|id| !self.used_values.contains(&Named::Listener(id))) {
                unused.push((l.name.span, format!("listener `{}`", l.name.name)));
            }
        }
        for (i, b) in self.scope.blocks.iter().enumerate() {
            if !self.used_blocks.contains(&i) {
                unused.push((b.name.span, format!("block `{}`", b.name.name)));
            }
        }
        for (span, what) in unused {
            self.report(
                Problem::warning(
                    Code::CheckUnused,
                    format!("the {what} is never used"),
                    span,
                    "defined here",
                )
                .with_help("remove it, or use it"),
            );
        }
    }
}
