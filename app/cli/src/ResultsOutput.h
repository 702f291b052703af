#pragma once

#include <QStringList>
#include <QTextStream>

namespace chexview {

/// What `chexview-cli results FILE...` prints (private to app/cli; `pacs results` prints the
/// same): one compact JSON object per file read back by ResultReader on `out`, and a line per
/// file that is not a result on `err`. Returns 1 if any file was not one, else 0.
int printResults(const QStringList& files, QTextStream& out, QTextStream& err);

} // namespace chexview
