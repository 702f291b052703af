#pragma once

#include "chexview/model/Recalibration.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace chexview {

/// The manifest's preprocessing: modality values -> [0,1] (by bits stored; MONOCHROME1
/// inverted) -> shorter side to `resize` (area when shrinking) -> centre crop `crop` ->
/// `channels` copies -> scale to [scaleLo, scaleHi] -> (x - mean[c]) / std[c].
struct PreprocessSpec
{
    int resize = 256;
    int crop = 224;
    int channels = 3;
    double scaleLo = 0.0;
    double scaleHi = 1.0;
    std::vector<double> mean{0.485, 0.456, 0.406};
    std::vector<double> std{0.229, 0.224, 0.225};
    bool invertMonochrome1 = true;
};

/// A validated model package (folder with manifest.json and TorchScript files).
/// Plain value type; load() is reentrant.
struct ModelManifest
{
    QString dir;
    QString name;
    bool trained = false;
    QStringList labels;
    std::vector<double> thresholds;
    PreprocessSpec preprocessing;
    int camHeight = 7;
    int camWidth = 7;
    QString fp32Path; ///< absolute
    QString int8Path; ///< absolute; empty when the package has no INT8 model
    /// The float weights as a plain dict of tensors, for the worker engine (absolute; empty when
    /// the package predates them) and their SHA-256 from the manifest.
    QString weightsPath;
    QString weightsSha256;
    QJsonObject provenance;
    /// The manifest's "recalibration" (fitted by `chexview-cli calibrate`; "calibration" there
    /// describes the INT8 quantization); the engine applies it to every probability it returns.
    /// Inactive when absent.
    Recalibration calibration;
    QJsonObject raw;

    /// Reads and validates DIR/manifest.json: format, 14 labels, thresholds, preprocessing,
    /// output shapes, and the SHA-256 of every file (set verifyHashes=false to skip hashing).
    /// Throws EngineError (BadPackage / HashMismatch) naming what is wrong.
    static ModelManifest load(const QString& dir, bool verifyHashes = true);
};

} // namespace chexview
