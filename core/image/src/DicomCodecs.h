#pragma once

namespace chexview {

/// Registers DCMTK's JPEG, JPEG-LS and RLE decoders exactly once per process (thread-safe).
/// They stay registered for the life of the process.
class DicomCodecs
{
public:
    static void ensureRegistered();
};

} // namespace chexview
