import rules

rules.add_perm("core.view_home", rules.is_authenticated)
