"""Import-linter contract types of our own, for rules the built-in contracts cannot state.

``app_interfaces``: an app reaches another app only through that app's interface modules
(``queries`` and ``services``, packages included, plus the few modules an app publishes for
others, listed in the contract). Models, forms, views, permissions, adapters and tasks stay
private to their app. Imports inside ``if TYPE_CHECKING:`` blocks are not counted (the project
sets ``exclude_type_checking_imports``), so a type annotation naming another app's model is fine.

Run by ``lint-imports`` (``make importcheck``), which puts the project folder on ``sys.path``.
"""

from __future__ import annotations

import grimp
from importlinter import Contract, ContractCheck, fields, output


class AppInterfacesContract(Contract):
    """Imports between two apps go only to the imported app's interface modules.

    Options:
        - apps: the app packages (e.g. ``crosscluster.directory``).
        - interfaces: module names inside every app that others may import
          (e.g. ``queries``, ``services``); their submodules are included.
        - published: whole module names that an app publishes to the others besides those
          (e.g. ``crosscluster.exports.registry``), each with a reason in the configuration.
        - exempt_importers: app packages whose imports of other apps are not checked, each with
          a reason in the configuration.
    """

    type_name = "app_interfaces"

    apps = fields.ListField(subfield=fields.StringField())
    interfaces = fields.ListField(subfield=fields.StringField())
    published = fields.ListField(subfield=fields.StringField(), required=False)
    exempt_importers = fields.ListField(subfield=fields.StringField(), required=False)

    def _app_of(self, module: str) -> str | None:
        for app in self.apps:  # type: ignore[attr-defined]
            if module == app or module.startswith(app + "."):
                return str(app)
        return None

    def _is_interface(self, module: str, app: str) -> bool:
        published = self.published or []  # type: ignore[has-type]
        if any(module == p or module.startswith(p + ".") for p in published):
            return True
        tail = module[len(app) + 1 :].split(".")[0] if module != app else ""
        return tail in self.interfaces  # type: ignore[operator]

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        exempt = tuple(self.exempt_importers or [])  # type: ignore[has-type]
        invalid: list[tuple[str, str, list[int]]] = []
        for importer in sorted(graph.modules):
            importer_app = self._app_of(importer)
            if importer_app is None or importer.startswith(exempt):
                continue
            if ".tests" in importer or ".migrations" in importer:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                imported_app = self._app_of(imported)
                if imported_app is None or imported_app == importer_app:
                    continue
                if self._is_interface(imported, imported_app):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                invalid.append((importer, imported, [d["line_number"] for d in details]))
        return ContractCheck(kept=not invalid, metadata={"invalid": invalid})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, lines in check.metadata["invalid"]:
            where = ", ".join(f"l.{line}" for line in lines)
            output.print_error(f"{importer} -> {imported} ({where})", bold=False)
        output.new_line()
        output.print(
            "An app imports another app's queries or services (or a published interface), "
            "nothing else; a type annotation goes under `if TYPE_CHECKING:`."
        )
