#include "chexview/dataset/FindingLabels.h"

#include "chexview/dataset/ChestXray14.h"

namespace chexview {

bool FindingLabels::parse(const QByteArray& cell, uint16_t& labels, QString& unknown)
{
    labels = 0;
    const QStringList& names = chestXray14Findings();
    for (const QByteArray& finding : cell.split('|')) {
        const QString name = QString::fromUtf8(finding.trimmed());
        if (name == QLatin1String("No Finding"))
            continue;
        const int k = int(names.indexOf(name));
        if (k < 0) {
            unknown = name;
            return false;
        }
        labels |= uint16_t(1u << k);
    }
    return true;
}

} // namespace chexview
