//! Prompt files: the checker asks a `PromptFiles` for each prompt's bytes (the library does no
//! I/O; the CLI and the build script read the files) and holds them to what the SMA plays.

/// What a lookup of a prompt's file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptLookup {
    /// The file's bytes.
    Found(Vec<u8>),
    /// No such file; the string says where it was looked for.
    Missing(String),
    /// Files are not checked in this run.
    NotChecked,
}

/// What reading a sub-flow file (`use "FILE"`) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportLookup {
    /// The file's text.
    Found(String),
    /// It could not be read; the string says where it was looked for and why.
    Missing(String),
    /// Files are not read in this run.
    NotRead,
}

/// Gives the checker the files beside a flow: its prompt files, by S3 key, and the sub-flow
/// files it uses, by their path from the flow's folder.
pub trait PromptFiles {
    fn lookup(&self, key: &str) -> PromptLookup;

    /// The text of a sub-flow file; `path` is relative to the flow's folder (`../lib/a.flow`).
    fn import(&self, _path: &str) -> ImportLookup {
        ImportLookup::NotRead
    }
}

/// Checks no files.
pub struct NoPromptFiles;

impl PromptFiles for NoPromptFiles {
    fn lookup(&self, _key: &str) -> PromptLookup {
        PromptLookup::NotChecked
    }
}

/// The format the SMA plays reliably and every AWS sample ships: 8 kHz, 16-bit, mono PCM WAV.
pub fn check_wav(bytes: &[u8]) -> Result<(), String> {
    let reader = hound::WavReader::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable WAV file ({e})"))?;
    let spec = reader.spec();
    let mut wrong = Vec::new();
    if spec.sample_format != hound::SampleFormat::Int {
        wrong.push("floating-point samples, not PCM".to_owned());
    }
    if spec.sample_rate != 8000 {
        wrong.push(format!("{} Hz, not 8000 Hz", spec.sample_rate));
    }
    if spec.bits_per_sample != 16 {
        wrong.push(format!("{}-bit, not 16-bit", spec.bits_per_sample));
    }
    if spec.channels != 1 {
        wrong.push(format!("{} channels, not mono", spec.channels));
    }
    if reader.duration() == 0 {
        wrong.push("no audio".to_owned());
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::check_wav;

    fn wav(rate: u32, channels: u16, bits: u16, samples: usize) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
        for i in 0..samples {
            if bits == 16 {
                w.write_sample(i16::try_from(i % 100).unwrap()).unwrap();
            } else {
                w.write_sample(i8::try_from(i % 100).unwrap()).unwrap();
            }
        }
        w.finalize().unwrap();
        out.into_inner()
    }

    #[test]
    fn accepts_8khz_16bit_mono() {
        assert_eq!(check_wav(&wav(8000, 1, 16, 800)), Ok(()));
    }

    #[test]
    fn rejects_other_rates_widths_channels_and_non_wav() {
        assert_eq!(
            check_wav(&wav(22050, 1, 16, 800)),
            Err("22050 Hz, not 8000 Hz".into())
        );
        assert_eq!(
            check_wav(&wav(8000, 2, 16, 800)),
            Err("2 channels, not mono".into())
        );
        assert_eq!(
            check_wav(&wav(8000, 1, 8, 800)),
            Err("8-bit, not 16-bit".into())
        );
        assert!(
            check_wav(b"ID3 this is an mp3")
                .unwrap_err()
                .starts_with("not a readable WAV")
        );
        assert_eq!(check_wav(&wav(8000, 1, 16, 0)), Err("no audio".into()));
    }
}
