#pragma once

#include "chexview/dataset/ImageAttributes.h"
#include "chexview/eval/EvaluationSet.h"

#include <QStringList>

#include <vector>

namespace chexview {

/// One attribute that splits the evaluated images into groups (sex, age band, view, or any
/// column). Plain value type.
struct SubgroupAttribute
{
    QString name;             ///< "sex", "age", "view" or the column's name
    QString column;           ///< the CSV column it was read from
    QStringList groups;       ///< in report order
    std::vector<int> groupOf; ///< per image of the set, into groups; -1 = no value
    int unknown = 0;          ///< images without a value (or not in the table)
};

/// Builds subgroup attributes from an ImageAttributeTable. "sex" is Data_Entry's
/// `Patient Gender`, "view" its `View Position`, "age" its `Patient Age` in the bands 0-20,
/// 20-40, 40-60, 60-80, 80+ ([0,20) ... [80, inf)); any other name is a column taken as it is.
/// Groups of a plain column sort as text; age bands in age order. Pure; any thread.
class SubgroupAttributes
{
public:
    /// The CSV column behind an attribute name.
    static QString columnFor(const QString& name);
    /// The age band of an age in years ("" for a negative or unparsable age).
    static QString ageBand(const QString& age);
    static QStringList ageBands();
    /// `table` must have been read with columnFor(name) among its columns.
    static SubgroupAttribute build(const EvaluationSet& set, const QString& name,
                                   const ImageAttributeTable& table);
};

} // namespace chexview
