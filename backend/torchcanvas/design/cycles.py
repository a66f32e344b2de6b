"""The cycles in a design's edges: groups of layers that feed one another, so none can run first."""


def find_cycles(nodes: list[str], inputs: dict[str, list[str]]) -> list[list[str]]:
    """Each group of two or more of `nodes` that all reach one another along the edges among
    them (their strongly connected components), in the order of `nodes`. A layer that a cycle
    only feeds is in none: it waits on the cycle, but removing one of its edges mends nothing."""
    among = set(nodes)
    users: dict[str, list[str]] = {node: [] for node in nodes}
    for node in nodes:
        for src in inputs[node]:
            if src in among:
                users[src].append(node)
    # Kosaraju: the order in which a walk along the edges finishes the layers, ...
    finished: list[str] = []
    seen: set[str] = set()
    for start in nodes:
        if start in seen:
            continue
        seen.add(start)
        walk = [(start, iter(users[start]))]
        while walk:
            node, rest = walk[-1]
            ahead = next((user for user in rest if user not in seen), None)
            if ahead is None:
                walk.pop()
                finished.append(node)
            else:
                seen.add(ahead)
                walk.append((ahead, iter(users[ahead])))
    # ... then, last finished first, the layers that reach each one against the edges.
    group: dict[str, str] = {}
    for start in reversed(finished):
        if start in group:
            continue
        group[start] = start
        todo = [start]
        while todo:
            for src in inputs[todo.pop()]:
                if src in among and src not in group:
                    group[src] = start
                    todo.append(src)
    members: dict[str, list[str]] = {}
    for node in nodes:
        members.setdefault(group[node], []).append(node)
    return [cycle for cycle in members.values() if len(cycle) > 1]
