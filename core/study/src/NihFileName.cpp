#include "chexview/study/NihFileName.h"

namespace chexview {

bool NihFileName::parse(const QString& fileName, QString* patient, int* followUp)
{
    // PPPPPPPP_FFF.png: 8 digits, '_', 3 digits, ".png" -> 16 characters.
    if (fileName.size() != 16 || !fileName.endsWith(QLatin1String(".png"), Qt::CaseInsensitive) ||
        fileName.at(8) != QLatin1Char('_'))
        return false;
    for (int i = 0; i < 12; ++i) {
        if (i == 8)
            continue;
        const QChar c = fileName.at(i);
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    if (patient)
        *patient = fileName.left(8);
    if (followUp)
        *followUp = fileName.mid(9, 3).toInt();
    return true;
}

} // namespace chexview
