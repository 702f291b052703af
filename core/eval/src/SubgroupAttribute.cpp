#include "chexview/eval/SubgroupAttribute.h"

#include <QHash>

#include <algorithm>

namespace chexview {

QString SubgroupAttributes::columnFor(const QString& name)
{
    if (name == QLatin1String("sex"))
        return QStringLiteral("Patient Gender");
    if (name == QLatin1String("age"))
        return QStringLiteral("Patient Age");
    if (name == QLatin1String("view"))
        return QStringLiteral("View Position");
    return name;
}

QStringList SubgroupAttributes::ageBands()
{
    return {QStringLiteral("0-20"), QStringLiteral("20-40"), QStringLiteral("40-60"),
            QStringLiteral("60-80"), QStringLiteral("80+")};
}

QString SubgroupAttributes::ageBand(const QString& age)
{
    bool ok = false;
    const int years = age.toInt(&ok);
    if (!ok || years < 0)
        return {};
    return ageBands()[std::min(years / 20, 4)];
}

SubgroupAttribute SubgroupAttributes::build(const EvaluationSet& set, const QString& name,
                                            const ImageAttributeTable& table)
{
    SubgroupAttribute a;
    a.name = name;
    a.column = columnFor(name);
    const int col = int(table.columns.indexOf(a.column));
    const bool age = name == QLatin1String("age");
    QStringList values;
    values.reserve(set.size());
    for (int i = 0; i < set.size(); ++i) {
        const auto it = table.values.constFind(set.images[i]);
        QString v = it == table.values.constEnd() || col < 0 ? QString() : it->value(col);
        if (age)
            v = ageBand(v);
        values << v;
    }
    if (age) {
        a.groups = ageBands();
    } else {
        QStringList seen = values;
        seen.removeAll(QString());
        seen.removeDuplicates();
        std::sort(seen.begin(), seen.end());
        a.groups = seen;
    }
    QHash<QString, int> index;
    for (int g = 0; g < a.groups.size(); ++g)
        index.insert(a.groups[g], g);
    a.groupOf.assign(size_t(set.size()), -1);
    for (int i = 0; i < set.size(); ++i) {
        a.groupOf[size_t(i)] = index.value(values[i], -1);
        a.unknown += a.groupOf[size_t(i)] < 0;
    }
    if (age) { // keep only bands that occur, in age order
        std::vector<int> count(size_t(a.groups.size()), 0);
        for (int g : a.groupOf)
            if (g >= 0)
                ++count[size_t(g)];
        QStringList kept;
        std::vector<int> remap(count.size(), -1);
        for (size_t g = 0; g < count.size(); ++g)
            if (count[g]) {
                remap[g] = int(kept.size());
                kept << a.groups[int(g)];
            }
        for (int& g : a.groupOf)
            if (g >= 0)
                g = remap[size_t(g)];
        a.groups = kept;
    }
    return a;
}

} // namespace chexview
