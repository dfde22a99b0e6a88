//! The value objects actions share: audio in S3, recording destinations and Polly speech.

use serde::{Deserialize, Serialize};

use super::params::ParamList;
use crate::wire::vocab::{Engine, StorageType, TextType};

/// A WAV file in S3 to play (8 kHz mono 16-bit PCM recommended; the bucket must let the
/// service principal read it).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AudioSource {
    /// Always `S3`.
    #[serde(rename = "Type")]
    pub storage: StorageType,
    /// The bucket.
    pub bucket_name: String,
    /// The object key.
    pub key: String,
}

impl AudioSource {
    /// An S3 object.
    pub fn s3(bucket_name: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            storage: StorageType::S3,
            bucket_name: bucket_name.into(),
            key: key.into(),
        }
    }

    pub(crate) fn collect<'a>(&'a self, paths: &ObjectPaths<3>, out: &mut ParamList<'a>) {
        let [storage, bucket, key] = paths.fields;
        out.object(paths.object);
        out.text(storage, self.storage.as_str());
        out.text(bucket, &self.bucket_name);
        out.text(key, &self.key);
    }
}

/// The paths of a nested object and its fields, for objects used under several keys.
pub(crate) struct ObjectPaths<const N: usize> {
    pub(crate) object: &'static str,
    pub(crate) fields: [&'static str; N],
}

pub(crate) const AUDIO_SOURCE: ObjectPaths<3> = ObjectPaths {
    object: "AudioSource",
    fields: [
        "AudioSource.Type",
        "AudioSource.BucketName",
        "AudioSource.Key",
    ],
};
pub(crate) const FAILURE_AUDIO_SOURCE: ObjectPaths<3> = ObjectPaths {
    object: "FailureAudioSource",
    fields: [
        "FailureAudioSource.Type",
        "FailureAudioSource.BucketName",
        "FailureAudioSource.Key",
    ],
};
pub(crate) const RINGBACK_TONE: ObjectPaths<3> = ObjectPaths {
    object: "RingbackTone",
    fields: [
        "RingbackTone.Type",
        "RingbackTone.BucketName",
        "RingbackTone.Key",
    ],
};

/// Where `RecordAudio` writes (the bucket must let the service principal put objects).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordingDestination {
    /// Always `S3`.
    #[serde(rename = "Type")]
    pub storage: StorageType,
    /// The bucket.
    pub bucket_name: String,
    /// A key prefix (the bucket root when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

impl RecordingDestination {
    /// An S3 bucket, optionally under a prefix.
    pub fn s3(bucket_name: impl Into<String>, prefix: Option<String>) -> Self {
        Self {
            storage: StorageType::S3,
            bucket_name: bucket_name.into(),
            prefix,
        }
    }

    pub(crate) fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.object("RecordingDestination");
        out.text("RecordingDestination.Type", self.storage.as_str());
        out.text("RecordingDestination.BucketName", &self.bucket_name);
        out.opt_text("RecordingDestination.Prefix", self.prefix.as_deref());
    }
}

/// Where `StartCallRecording` writes: `bucket` or `bucket/prefix`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallRecordingDestination {
    /// Always `S3`.
    #[serde(rename = "Type")]
    pub storage: StorageType,
    /// Bucket, optionally followed by `/prefix`.
    pub location: String,
}

impl CallRecordingDestination {
    /// An S3 location.
    pub fn s3(location: impl Into<String>) -> Self {
        Self {
            storage: StorageType::S3,
            location: location.into(),
        }
    }

    pub(crate) fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.object("Destination");
        out.text("Destination.Type", self.storage.as_str());
        out.text("Destination.Location", &self.location);
    }
}

/// Text for Amazon Polly, as `SpeakAndGetDigits` takes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SpeechParameters {
    /// Plain text or SSML.
    pub text: String,
    /// Polly engine (default `standard`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<Engine>,
    /// Polly language code, for bilingual voices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// How `text` is read (default `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_type: Option<TextType>,
    /// Polly voice (default `Joanna`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_id: Option<String>,
}

impl SpeechParameters {
    /// Plain text in the default voice.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            engine: None,
            language_code: None,
            text_type: None,
            voice_id: None,
        }
    }

    pub(crate) fn collect<'a>(&'a self, paths: &ObjectPaths<5>, out: &mut ParamList<'a>) {
        let [text, engine, language, text_type, voice] = paths.fields;
        out.object(paths.object);
        out.text(text, &self.text);
        out.opt_text(engine, self.engine.map(Engine::as_str));
        out.opt_text(language, self.language_code.as_deref());
        out.opt_text(text_type, self.text_type.map(TextType::as_str));
        out.opt_text(voice, self.voice_id.as_deref());
    }
}

pub(crate) const SPEECH: ObjectPaths<5> = ObjectPaths {
    object: "SpeechParameters",
    fields: [
        "SpeechParameters.Text",
        "SpeechParameters.Engine",
        "SpeechParameters.LanguageCode",
        "SpeechParameters.TextType",
        "SpeechParameters.VoiceId",
    ],
};
pub(crate) const FAILURE_SPEECH: ObjectPaths<5> = ObjectPaths {
    object: "FailureSpeechParameters",
    fields: [
        "FailureSpeechParameters.Text",
        "FailureSpeechParameters.Engine",
        "FailureSpeechParameters.LanguageCode",
        "FailureSpeechParameters.TextType",
        "FailureSpeechParameters.VoiceId",
    ],
};
