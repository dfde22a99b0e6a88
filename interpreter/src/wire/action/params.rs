//! How a typed action presents its parameters to the limits table: as `(path, value)` pairs,
//! the same form the language checker uses for literals, so both go through one set of rules.

use std::collections::BTreeMap;

use crate::wire::limits::ParamValue;

use super::target::Target;

/// The parameters of one action, in wire order.
#[derive(Debug, Default)]
pub(crate) struct ParamList<'a>(pub(crate) Vec<(&'static str, ParamValue<'a>)>);

impl<'a> ParamList<'a> {
    pub(crate) fn push(&mut self, path: &'static str, value: ParamValue<'a>) {
        self.0.push((path, value));
    }

    pub(crate) fn int(&mut self, path: &'static str, value: u32) {
        self.push(path, ParamValue::Int(i64::from(value)));
    }

    pub(crate) fn opt_int(&mut self, path: &'static str, value: Option<u32>) {
        if let Some(value) = value {
            self.int(path, value);
        }
    }

    pub(crate) fn text(&mut self, path: &'static str, value: &'a str) {
        self.push(path, ParamValue::Text(value));
    }

    pub(crate) fn opt_text(&mut self, path: &'static str, value: Option<&'a str>) {
        if let Some(value) = value {
            self.text(path, value);
        }
    }

    pub(crate) fn list(&mut self, path: &'static str, value: &'a [String]) {
        self.push(path, ParamValue::List(value));
    }

    pub(crate) fn opt_list(&mut self, path: &'static str, value: Option<&'a [String]>) {
        if let Some(value) = value {
            self.list(path, value);
        }
    }

    pub(crate) fn opt_map(
        &mut self,
        path: &'static str,
        value: Option<&'a BTreeMap<String, String>>,
    ) {
        if let Some(value) = value {
            self.push(path, ParamValue::Map(value));
        }
    }

    pub(crate) fn object(&mut self, path: &'static str) {
        self.push(path, ParamValue::Object);
    }

    pub(crate) fn target(&mut self, target: Option<&'a Target>) {
        match target {
            Some(Target::CallId(id)) => self.text("CallId", id.as_str()),
            Some(Target::Tag(tag)) => self.text("ParticipantTag", tag.as_str()),
            None => {}
        }
    }
}

/// A parameter struct that can list its values for validation.
pub(crate) trait Parameters {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>);
}
