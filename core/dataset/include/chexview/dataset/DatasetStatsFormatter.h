#pragma once

#include "chexview/dataset/DatasetStats.h"

#include <QJsonObject>

namespace chexview {

/// Text renderings of DatasetStats for `chexview-cli dataset stats`. Pure.
class DatasetStatsFormatter
{
public:
    static QString table(const DatasetStats& s);
    static QString csv(const DatasetStats& s);
    static QJsonObject json(const DatasetStats& s);
};

} // namespace chexview
