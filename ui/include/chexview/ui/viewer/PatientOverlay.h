#pragma once

#include "chexview/image/ImageMetadata.h"

#include <QStringList>

class QFontMetrics;
class QPainter;
class QRect;

namespace chexview {

/// Four-corner text overlay (patient, study, window, zoom) painted over the image.
/// With anonymize on, it is composed from Anonymizer::anonymize(): name, ID, dates and study
/// description are gone; sex and age stay. GUI thread only.
class PatientOverlay
{
public:
    struct Corners
    {
        QStringList topLeft, topRight, bottomLeft, bottomRight;
    };

    static Corners compose(const ImageMetadata& meta, bool anonymize, const QString& windowText,
                           const QString& zoomText, int frames);
    static void paint(QPainter& painter, const QRect& area, const Corners& corners);
    /// The corners as paint() draws them in a `width`-pixel area: lines too long for their
    /// room end in "…" (a right corner keeps up to half the width, the left one the rest).
    static Corners elided(const Corners& corners, const QFontMetrics& fm, int width);
};

} // namespace chexview
