#pragma once

#include "chexview/model/Analysis.h"

#include <QString>

namespace chexview {

struct ModelManifest;

/// What produced an analysis, as the result objects record it: the algorithm (TID 4019 name,
/// version and parameters), the device observer (TID 1004) and, when the caller has one, the
/// input gate's verdict on the image (written as a TEXT item; empty: not recorded).
/// Plain value type.
struct ResultProvenance
{
    QString algorithmName;    ///< the model package's name
    QString algorithmVersion; ///< package format and the first 16 hex digits of its SHA-256
    QString precision;
    QString device;
    QString engine;
    QString packageSha256; ///< SHA-256 of the package's FP32 TorchScript file
    bool trained = false;
    QString softwareVersion = QStringLiteral("chexview 0.1.0");
    QString gateVerdict; ///< e.g. "accepted: frontal chest radiograph"; "" when no gate ran

    /// The provenance of `result`, produced by the package `manifest`.
    static ResultProvenance of(const AnalysisResult& result, const ModelManifest& manifest);
    /// "precision=int8", "device=cpu", ... as TID 4019 Algorithm Parameters.
    QStringList parameters() const;
};

} // namespace chexview
