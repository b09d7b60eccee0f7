"""Lookups the ORM does not have."""

from __future__ import annotations

from django.db.models import Lookup


class AnyOf(Lookup):
    """`field IN (ids)` with the ids as one array parameter on PostgreSQL (`= ANY(%s::bigint[])`): a list of
    ~1,000 ids then costs 3 ms instead of 18 (each placeholder of an IN list is quoted into the statement one by
    one). The array is cast to the field's type: psycopg sends a list of small numbers as `int2[]`, and a
    bigint compared with each smallint element is not looked up in a hash (a deep page of meetings filtered by
    300 forum ids: 3.3 ms of execution instead of 1.0). Used as an expression: `rows.filter(AnyOf(F("pk"), ids))`."""

    lookup_name = "simpul_any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", list(lhs_params)
        if connection.vendor == "postgresql":
            cast = self.lhs.output_field.cast_db_type(connection)
            return f"{lhs} = ANY(%s{f'::{cast}[]' if cast else ''})", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
