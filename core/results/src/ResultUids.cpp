#include "chexview/results/ResultUids.h"

#include <QUuid>

namespace chexview {

QString ResultUids::newUid()
{
    // The UUID's 128 bits as a decimal number: repeated division of a big-endian byte string.
    QByteArray bytes = QUuid::createUuid().toRfc4122();
    QString digits;
    bool nonZero = true;
    while (nonZero) {
        int remainder = 0;
        nonZero = false;
        for (char& c : bytes) {
            const int value = remainder * 256 + static_cast<unsigned char>(c);
            c = char(value / 10);
            remainder = value % 10;
            nonZero = nonZero || c != 0;
        }
        digits.prepend(QChar('0' + remainder));
    }
    return QLatin1String(kRoot) + QLatin1Char('.') + digits;
}

} // namespace chexview
