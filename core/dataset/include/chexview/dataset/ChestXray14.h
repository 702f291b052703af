#pragma once

#include <QStringList>

namespace chexview {

/// The 14 ChestX-ray14 findings, in the order of the split lists and of CheXNet's outputs.
inline const QStringList& chestXray14Findings()
{
    static const QStringList names = {QStringLiteral("Atelectasis"),
                                      QStringLiteral("Cardiomegaly"),
                                      QStringLiteral("Effusion"),
                                      QStringLiteral("Infiltration"),
                                      QStringLiteral("Mass"),
                                      QStringLiteral("Nodule"),
                                      QStringLiteral("Pneumonia"),
                                      QStringLiteral("Pneumothorax"),
                                      QStringLiteral("Consolidation"),
                                      QStringLiteral("Edema"),
                                      QStringLiteral("Emphysema"),
                                      QStringLiteral("Fibrosis"),
                                      QStringLiteral("Pleural_Thickening"),
                                      QStringLiteral("Hernia")};
    return names;
}
constexpr int kFindingCount = 14;

} // namespace chexview
