#pragma once

#include <QJsonObject>
#include <QString>

#include <utility>
#include <vector>

namespace chexview {

/// What a package trained by core/pytorch/chexview_pytorch/train.py records about its training
/// (manifest `provenance.training`): label source, image counts, epochs and the validation
/// AUROC per finding. Plain value type; fromProvenance() is reentrant and never throws (a field
/// of the wrong type is treated as absent).
struct TrainingProvenance
{
    bool present = false; ///< false: the package has no training record
    QString labels;       ///< file or folder name of the label source
    int trainImages = -1;
    int valImages = -1;
    int epochs = -1;
    int bestEpoch = -1;
    double meanAuroc = -1.0;                        ///< < 0: undefined
    std::vector<std::pair<QString, double>> aurocs; ///< defined ones, ChestX-ray14 order

    static TrainingProvenance fromProvenance(const QJsonObject& provenance);
    /// One line: "Trained on 48 images (Data_Entry_2017_v2020.csv.gz), epoch 3 of 3 ·
    /// validation mean AUROC 0.612 (16 images)"; empty when !present.
    QString summary() const;
    /// "Atelectasis 0.700\nCardiomegaly …" for a tooltip; empty when none is defined.
    QString aurocTable() const;
};

} // namespace chexview
