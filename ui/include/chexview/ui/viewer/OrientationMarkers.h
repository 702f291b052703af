#pragma once

#include "chexview/image/ImageMetadata.h"

#include <QString>

namespace chexview {

/// The patient directions at the four edges of the view (R/L, A/P, H/F), from the image's
/// Patient Orientation (0020,0020) and the view's quarter turns and flip. Without the attribute
/// a chest film is taken to be in the standard display (patient's left on the viewer's right,
/// feet down) and the markers say they are assumed. Plain value type; any thread.
struct OrientationMarkers
{
    QString left;
    QString right;
    QString top;
    QString bottom;
    bool assumed = false; ///< no Patient Orientation in the file: the chest convention is used
    int quarterTurns = 0; ///< clockwise
    bool flipped = false; ///< horizontally, before the rotation

    /// Directions for `meta` shown with `quarterTurns` clockwise turns after an optional flip.
    static OrientationMarkers compute(const ImageMetadata& meta, int quarterTurns, bool flipped);
    /// The opposite of a direction code, letter by letter ("LP" → "RA"); unknown letters kept.
    static QString opposite(const QString& direction);
    /// "R ◂▸ L · H ▴▾ F", then "flipped", "rotated 90°" and "assumed" as they apply.
    QString statusText() const;
};

} // namespace chexview
