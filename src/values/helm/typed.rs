//! The typed `customImage` model ([`crate::values::CustomImage`]) from Helm's effective values,
//! checked against the same JSON Schema as a single file: keys the chart does not know are set
//! aside (each file reports its own), a type violation keeps the model untyped, as for one
//! file. Spans are those of the winning values, each in the layer [`LayeredLocations`] names.

use serde_json::{Map as JsonMap, Value};

use super::layers::{Effective, LayeredLocations};
use crate::values::yaml::schema::{self, TypeError, UnknownKey};
use crate::values::{CustomImage, LocatedValues};

const BLOCK: &str = "customImage";

/// The effective `customImage` as the rules read it.
#[derive(Debug, Clone)]
pub struct TypedEffective {
    /// `custom_image` is the effective block when `typed`; spans are in several layers.
    pub located: LocatedValues,
    /// Which layer each path's span is in.
    pub locations: LayeredLocations,
    /// Keys of the effective block the chart does not know (from some layer).
    pub unknown_keys: Vec<UnknownKey>,
    /// Type violations of the effective block (a `--set` can bring one no file has).
    pub type_errors: Vec<TypeError>,
}

impl Effective {
    /// The typed model of the effective `customImage`.
    pub fn typed(&self) -> TypedEffective {
        let (mut located, locations) = self.located();
        let mut instance = JsonMap::new();
        if let Some(block) = self.custom_image() {
            instance.insert(BLOCK.to_string(), block.to_json());
        }
        let mut instance = Value::Object(instance);
        let unknown_keys = schema::strip_unknown_keys(&mut instance);
        let type_errors = schema::type_errors(&instance);
        if type_errors.is_empty() {
            match instance.get_mut(BLOCK).map(Value::take) {
                None | Some(Value::Null) => located.typed = true,
                Some(block) => {
                    if let Ok(mut custom_image) = serde_json::from_value::<CustomImage>(block) {
                        // The chart's template prints nothing for a deleted default: the
                        // controller reads an empty push secret name, not the default.
                        custom_image
                            .push_secret_name
                            .get_or_insert_with(String::new);
                        located.custom_image = custom_image;
                        located.typed = true;
                    }
                }
            }
        }
        TypedEffective {
            located,
            locations,
            unknown_keys,
            type_errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use crate::values::helm::{LayeredInput, SetKind};

    fn no_files() -> impl FnMut(&str) -> Result<String, String> {
        |_: &str| Err("no files".to_string())
    }

    #[test]
    fn the_effective_block_is_typed_with_defaults_and_layers() {
        let mut input = LayeredInput::default();
        input.values_file(SourceFile::new(
            "v.yaml",
            "customImage:\n  registryEndpoint: docker.io\n  pushSecretName:\n  typo: 1\n",
        ));
        let set = input.set(SetKind::Set, "customImage.pushRepo=alice/images");
        let typed = input.build(&mut no_files()).unwrap().typed();
        assert!(typed.located.typed);
        let custom_image = &typed.located.custom_image;
        assert_eq!(custom_image.push_repo.as_deref(), Some("alice/images"));
        assert_eq!(
            custom_image.push_secret_name.as_deref(),
            Some(""),
            "the empty value deleted the default: the controller reads an empty name"
        );
        assert_eq!(
            custom_image.insecure_skip_verify,
            Some(false),
            "a chart default"
        );
        assert_eq!(typed.unknown_keys.len(), 1);
        assert_eq!(typed.locations.layer_of("customImage.pushRepo"), Some(set));
    }

    #[test]
    fn a_set_can_bring_a_type_error() {
        let mut input = LayeredInput::default();
        input.set(SetKind::Set, "customImage.insecureSkipVerify=maybe");
        let typed = input.build(&mut no_files()).unwrap().typed();
        assert!(!typed.located.typed);
        assert_eq!(typed.type_errors[0].path, "customImage.insecureSkipVerify");
    }
}
