#pragma once

#include <QString>

namespace chexview {

/// An NIH ChestX-ray14 image name, `PPPPPPPP_FFF.png`: 8-digit patient, 3-digit follow-up.
/// Pure; any thread.
class NihFileName
{
public:
    /// True (and the parts set) for a name of exactly that form (case-insensitive .png).
    static bool parse(const QString& fileName, QString* patient, int* followUp);
};

} // namespace chexview
